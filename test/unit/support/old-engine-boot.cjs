/**
 * Boots one packaged TV bundle inside an old V8 (run by an old Node binary: Node 6 = V8 5.1, Node 8 =
 * V8 6.2) against a small DOM/WebGL stub, and reports as one JSON line on stdout: the first BFF
 * call the app made, which device profile it picked, the canvas Lightning sized from settings,
 * what the platform globals were asked, and every uncaught error. Written in the ES2015 Node 6
 * runs: no async functions, no object spread.
 *
 * Usage: node old-engine-boot.cjs <bundle.js> <user agent> <platform globals: webos|tizen> <server URL>
 *
 * The stub is small on purpose: enough DOM for the app's boot path (device detection, settings,
 * Lightning's stage on WebGL, the Router's first page, the Home API call), nothing that draws. A
 * missing built-in or a syntax the engine lacks fails here exactly as on a TV of that generation.
 */
'use strict';
const fs = require('fs');
const vm = require('vm');

const bundlePath = process.argv[2];
const userAgent = process.argv[3];
const platform = process.argv[4];
const server = process.argv[5];
const report = { v8: process.versions.v8, apiCalls: [], device: null, canvas: null, platformCalls: [], errors: [], logs: [] };
let finished = false;

function finish(code) {
  if (finished) return;
  finished = true;
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exit(code);
}

function noop() {}

/** An event target with add/remove/dispatch, the shape every stubbed node and the window share. */
function eventTarget(obj) {
  const listeners = {};
  obj.addEventListener = function (type, fn) {
    (listeners[type] = listeners[type] || []).push(fn);
  };
  obj.removeEventListener = function (type, fn) {
    listeners[type] = (listeners[type] || []).filter((f) => f !== fn);
  };
  obj.dispatchEvent = function (event) {
    (listeners[event.type] || []).slice().forEach((fn) => fn.call(obj, event));
    return true;
  };
  return obj;
}

/** WebGL: constants are numbers, creators return handles, queries say "compiled, linked, 4096". */
function webglContext(canvas) {
  const answers = {
    canvas: canvas,
    drawingBufferWidth: 1920,
    drawingBufferHeight: 1080,
    getShaderParameter: () => true,
    getProgramParameter: () => true,
    getParameter: () => 4096,
    getExtension: () => null,
    getSupportedExtensions: () => [],
    getContextAttributes: () => ({ alpha: true, antialias: false, premultipliedAlpha: true }),
    isContextLost: () => false,
    getAttribLocation: () => 0,
    getUniformLocation: () => ({}),
    getShaderInfoLog: () => '',
    getProgramInfoLog: () => '',
    getError: () => 0,
    checkFramebufferStatus: () => 0x8cd5,
  };
  // Real values where the renderer switches on them (WebGL 1.0 spec, section 5.14); the rest get
  // distinct numbers outside the spec's range.
  const constants = {
    TEXTURE_2D: 0x0de1,
    TEXTURE_CUBE_MAP: 0x8513,
    TEXTURE0: 0x84c0,
    ARRAY_BUFFER: 0x8892,
    ELEMENT_ARRAY_BUFFER: 0x8893,
    FRAMEBUFFER: 0x8d40,
    RGBA: 0x1908,
    RGB: 0x1907,
    ALPHA: 0x1906,
    UNSIGNED_BYTE: 0x1401,
    UNSIGNED_SHORT: 0x1403,
    FLOAT: 0x1406,
    VERTEX_SHADER: 0x8b31,
    FRAGMENT_SHADER: 0x8b30,
    PACK_ALIGNMENT: 0x0d05,
    UNPACK_ALIGNMENT: 0x0cf5,
    UNPACK_FLIP_Y_WEBGL: 0x9240,
    UNPACK_PREMULTIPLY_ALPHA_WEBGL: 0x9241,
    UNPACK_COLORSPACE_CONVERSION_WEBGL: 0x9243,
  };
  let nextConstant = 0x100000;
  return new Proxy(answers, {
    get(target, name) {
      if (name in target) return target[name];
      if (typeof name !== 'string') return undefined;
      if (/^[A-Z0-9_]+$/.test(name)) return constants[name] || (constants[name] = nextConstant++);
      if (/^create/.test(name)) return () => ({ kind: name });
      return noop;
    },
  });
}

function canvas2dContext(canvas) {
  return new Proxy(
    { canvas: canvas, measureText: (t) => ({ width: String(t).length * 10 }), getImageData: (x, y, w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }) },
    { get: (target, name) => (name in target ? target[name] : typeof name === 'string' && /^[a-z]/.test(name) ? noop : undefined) }
  );
}

function element(tag) {
  const el = eventTarget({
    tagName: String(tag).toUpperCase(),
    style: {},
    children: [],
    attributes: {},
    setAttribute(k, v) {
      this.attributes[k] = String(v);
    },
    getAttribute(k) {
      return k in this.attributes ? this.attributes[k] : null;
    },
    appendChild(child) {
      this.children.push(child);
      child.parentNode = this;
      if (child.tagName === 'CANVAS') report.canvas = { width: child.width, height: child.height };
      return child;
    },
    removeChild(child) {
      this.children = this.children.filter((c) => c !== child);
      return child;
    },
    getBoundingClientRect: () => ({ left: 0, top: 0, width: 1920, height: 1080 }),
    focus: noop,
  });
  if (el.tagName === 'CANVAS') {
    el.width = 300;
    el.height = 150;
    el.getContext = (kind) => (/webgl/.test(kind) ? webglContext(el) : kind === '2d' ? canvas2dContext(el) : null);
    el.toDataURL = () => 'data:,';
  }
  if (el.tagName === 'AUDIO' || el.tagName === 'VIDEO') {
    Object.assign(el, { paused: true, currentTime: 0, duration: NaN, volume: 1, muted: false, readyState: 0, buffered: { length: 0 } });
    el.canPlayType = () => 'maybe';
    el.play = () => Promise.resolve();
    el.pause = noop;
    el.load = noop;
    el.removeAttribute = noop;
  }
  return el;
}

const meta = element('meta');
meta.setAttribute('name', 'encore-server');
meta.setAttribute('content', server);
const body = element('body');
const head = element('head');
const fontFaces = [];
const document = eventTarget({
  body: body,
  head: head,
  documentElement: element('html'),
  readyState: 'complete',
  visibilityState: 'visible',
  hidden: false,
  baseURI: 'file:///tv/app/index.html',
  createElement: element,
  createTextNode: (text) => ({ textContent: text }),
  querySelector: (selector) => (selector.indexOf('encore-server') >= 0 ? meta : null),
  querySelectorAll: () => [],
  getElementsByTagName: () => [],
  getElementById: () => null,
  fonts: { add: (f) => fontFaces.push(f), ready: Promise.resolve(), check: () => true },
  hasFocus: () => true,
});

function memoryStorage() {
  const items = {};
  return {
    getItem: (k) => (k in items ? items[k] : null),
    setItem: (k, v) => {
      items[k] = String(v);
    },
    removeItem: (k) => {
      delete items[k];
    },
    clear: () => Object.keys(items).forEach((k) => delete items[k]),
    key: (i) => Object.keys(items)[i] || null,
    get length() {
      return Object.keys(items).length;
    },
  };
}

/** Responses the app's first calls get; any BFF call is recorded, and the first one ends the run. */
function fakeFetch(url) {
  report.apiCalls.push(String(url));
  report.abortableFetch = sandbox.fetch !== fakeFetch && sandbox.fetch.polyfill === true;
  if (/\/api\//.test(url)) setTimeout(() => finish(0), 50);
  return new Promise(noop);
}

function FakeXhr() {
  eventTarget(this);
  this.readyState = 0;
}
FakeXhr.prototype.open = function (method, url) {
  this.url = url;
};
FakeXhr.prototype.setRequestHeader = noop;
FakeXhr.prototype.abort = noop;
FakeXhr.prototype.getAllResponseHeaders = () => '';
FakeXhr.prototype.send = function () {
  fakeFetch(this.url);
};

function recordPlatformCall(path) {
  return function () {
    report.platformCalls.push(path + '(' + Array.prototype.slice.call(arguments).join(',') + ')');
  };
}

const platformGlobals = {
  webos: {
    PalmSystem: { deviceInfo: JSON.stringify({ modelName: 'OLED55C8PLA' }), platformBack: recordPlatformCall('PalmSystem.platformBack') },
  },
  tizen: {
    tizen: {
      tvinputdevice: { registerKey: recordPlatformCall('tizen.tvinputdevice.registerKey') },
      systeminfo: { getCapability: (key) => (key === 'http://tizen.org/system/model_name' ? 'UE55NU7400' : '') },
      application: { getCurrentApplication: () => ({ exit: recordPlatformCall('tizen.application.exit') }) },
    },
  },
}[platform];
if (!platformGlobals) throw new Error('unknown platform ' + platform);

function MediaSourceStub() {
  eventTarget(this);
  this.readyState = 'closed';
  this.sourceBuffers = [];
}
MediaSourceStub.isTypeSupported = (type) => /mp4a\.40\.2|mp4a\.40\.5/.test(type);

function ImageStub() {
  eventTarget(this);
}
function FontFaceStub(family, source) {
  this.family = family;
  this.source = source;
  this.load = () => Promise.resolve(this);
}
function WorkerStub() {
  eventTarget(this);
  this.postMessage = noop;
  this.terminate = noop;
}

let frames = 0;
const sandbox = eventTarget({
  navigator: { userAgent: userAgent, language: 'en-GB', languages: ['en-GB'], platform: 'Linux armv7l', onLine: true, maxTouchPoints: 0 },
  location: { href: 'file:///tv/app/index.html', protocol: 'file:', host: '', hostname: '', origin: 'null', pathname: '/tv/app/index.html', search: '', replace: noop, assign: noop },
  history: { pushState: noop, replaceState: noop, back: noop, length: 1, state: null },
  document: document,
  screen: { width: 1920, height: 1080 },
  innerWidth: 1920,
  innerHeight: 1080,
  devicePixelRatio: 1,
  localStorage: memoryStorage(),
  sessionStorage: memoryStorage(),
  performance: { now: () => Number(process.hrtime()[0]) * 1000 + process.hrtime()[1] / 1e6, mark: noop, measure: noop },
  requestAnimationFrame: (fn) => setTimeout(() => fn(++frames * 16), 16),
  cancelAnimationFrame: (id) => clearTimeout(id),
  setTimeout: setTimeout,
  clearTimeout: clearTimeout,
  setInterval: setInterval,
  clearInterval: clearInterval,
  fetch: fakeFetch,
  XMLHttpRequest: FakeXhr,
  MediaSource: MediaSourceStub,
  HTMLMediaElement: function HTMLMediaElement() {},
  HTMLCanvasElement: function HTMLCanvasElement() {},
  HTMLVideoElement: function HTMLVideoElement() {},
  ImageData: function ImageData(data, w, h) {
    this.data = data;
    this.width = w;
    this.height = h;
  },
  HTMLImageElement: ImageStub,
  Image: ImageStub,
  FontFace: FontFaceStub,
  Worker: WorkerStub,
  Blob: function Blob(parts) {
    this.parts = parts;
  },
  URL: Object.assign(
    function URL(href, base) {
      // Someone (a polyfill in the bundle) may define getters on URL.prototype: set plain fields only.
      Object.defineProperty(this, 'href', { value: /^[a-z]+:/.test(href) ? href : String(base).replace(/[^/]*$/, '') + String(href).replace(/^\//, '') });
    },
    { createObjectURL: () => 'blob:stub', revokeObjectURL: noop }
  ),
  URLSearchParams: function URLSearchParams() {
    this.get = () => null;
  },
  Event: function Event(type) {
    this.type = type;
  },
  CustomEvent: function CustomEvent(type, init) {
    this.type = type;
    this.detail = init && init.detail;
  },
  KeyboardEvent: function KeyboardEvent(type) {
    this.type = type;
  },
  WebGLRenderingContext: function WebGLRenderingContext() {},
  console: {
    log: (...args) => report.logs.push(args.join(' ')),
    info: (...args) => {
      const line = args.map(String).join(' ');
      report.logs.push(line);
      const picked = /^\[device\] (\w+)/.exec(line);
      if (picked) report.device = picked[1];
    },
    warn: (...args) => report.logs.push('warn: ' + args.map(String).join(' ')),
    error: (...args) => report.errors.push('console.error: ' + args.map(String).join(' ')),
    debug: noop,
    time: noop,
    timeEnd: noop,
    assert: noop,
    group: noop,
    groupEnd: noop,
  },
});
Object.keys(platformGlobals).forEach((k) => (sandbox[k] = platformGlobals[k]));
// Setting location.hash fires hashchange, which the Router navigates on.
let hash = '';
Object.defineProperty(sandbox.location, 'hash', {
  get: () => hash,
  set: (value) => {
    const next = String(value).charAt(0) === '#' || value === '' ? String(value) : '#' + value;
    if (next === hash) return;
    hash = next;
    setTimeout(() => sandbox.dispatchEvent(new sandbox.Event('hashchange')), 0);
  },
});
document.location = sandbox.location;
sandbox.window = sandbox;
sandbox.self = sandbox;
sandbox.parent = sandbox;
sandbox.top = sandbox;
vm.createContext(sandbox);

/** `TypeError: x is not a function @ at f (bundle.js:2:1234)`: the message and the first frame. */
function describe(e) {
  if (!e || !e.stack) return String(e);
  const frame = e.stack.split('\n').filter((l) => /^\s+at /.test(l))[0] || '';
  return e.name + ': ' + e.message + ' @ ' + frame.trim().slice(0, 200);
}

process.on('uncaughtException', (e) => {
  report.errors.push('uncaught: ' + describe(e));
});
process.on('unhandledRejection', (e) => {
  report.errors.push('unhandled rejection: ' + describe(e));
});

try {
  vm.runInContext(fs.readFileSync(bundlePath, 'utf8'), sandbox, { filename: bundlePath });
  // The bundle is a deferred script: it runs after parsing, then the document is loaded.
  document.dispatchEvent(new sandbox.Event('DOMContentLoaded'));
  sandbox.dispatchEvent(new sandbox.Event('load'));
} catch (e) {
  report.errors.push('run: ' + describe(e));
  finish(1);
}
setTimeout(() => {
  report.errors.push('no BFF call within 15 s');
  finish(1);
}, 15000);
