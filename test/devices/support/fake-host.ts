/**
 * A device's surroundings without the device: its UA, the globals its platform injects, what
 * its MSE answers. Profiles built on it behave as on the device as far as they can see.
 */
import type { DeviceEnvironment, DeviceHost } from '../../../devices/contracts/device';

export interface FakeHostOptions {
  userAgent?: string;
  globals?: Record<string, unknown>;
  /** Codec strings MSE accepts (`codecs="<codec>"`), or a predicate on the full type. */
  supported?: readonly string[] | ((type: string) => boolean);
  deviceMemoryGiB?: number;
  speechSynthesis?: boolean;
  webpImages?: boolean;
  document?: Document | null;
}

export function fakeHost(options: FakeHostOptions = {}): DeviceHost {
  const globals = options.globals ?? {};
  const supported = options.supported ?? [];
  return {
    userAgent: options.userAgent ?? '',
    hasGlobal: (name) => name in globals,
    global: (name) => globals[name],
    isTypeSupported:
      typeof supported === 'function' ? supported : (type) => supported.some((codec) => type.includes(`codecs="${codec}"`)),
    deviceMemoryGiB: options.deviceMemoryGiB,
    speechSynthesis: options.speechSynthesis ?? false,
    webpImages: options.webpImages ?? false,
    document: options.document ?? null,
  };
}

export function envFor(userAgent: string, globals: readonly string[] = []): DeviceEnvironment {
  return { userAgent, hasGlobal: (name) => globals.includes(name) };
}

/** A `window` stand-in whose close() is recorded. */
export function fakeWindow(): { close: () => void; closed: number } {
  const win = {
    closed: 0,
    close() {
      win.closed++;
    },
  };
  return win;
}

/** A document that fires events and reports visibility, for lifecycle tests. */
export class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  readonly defaultView = new EventTarget();

  get hidden(): boolean {
    return this.visibilityState === 'hidden';
  }

  show(hidden: boolean, event = 'visibilitychange'): void {
    this.visibilityState = hidden ? 'hidden' : 'visible';
    this.dispatchEvent(new Event(event));
  }

  asDocument(): Document {
    return this as unknown as Document;
  }
}
