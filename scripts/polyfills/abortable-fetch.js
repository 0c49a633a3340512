// Chrome before 66 has fetch but no AbortController, and its fetch ignores `signal`: a request the
// app times out or supersedes would hang. There, fetch goes through whatwg-fetch (XHR, which
// aborts). Shaka sees `fetch.polyfill` and uses its XHR plugin. This module must run before the
// AbortController polyfill defines the global (scripts/polyfills.mjs imports it first).
import { fetch as abortableFetch } from 'whatwg-fetch';

if (typeof window.AbortController === 'undefined') window.fetch = abortableFetch;
