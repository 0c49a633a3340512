/**
 * Resolves once every promise has settled, whatever each outcome: `Promise.allSettled` without the
 * results. Chrome before 76 (webOS 4–5, Tizen 4–5.5) lacks allSettled, and its polyfill would add
 * core-js's Promise machinery (~6 KB brotli) to every build for this one call.
 */
export function settleAll(promises: Iterable<Promise<unknown>>): Promise<void> {
  const ignore = (): void => undefined;
  return Promise.all([...promises].map((p) => p.then(ignore, ignore))).then(ignore);
}
