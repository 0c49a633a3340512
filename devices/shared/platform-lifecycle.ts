/**
 * The shared visibility lifecycle plus the events a platform adds: webOS fires `webOSRelaunch`
 * on `document` when the running app is launched again from the launcher
 * (https://webostv.developer.lge.com/develop/guides/app-lifecycle-management), and older WebKit
 * engines (Tizen 2.x) only fire the prefixed `webkitvisibilitychange`. Each event names the state
 * it leads to, or 'visibility' to read `document.hidden` again; the shared `goTo` walks there one
 * step at a time, and a repeat of the current state is a no-op.
 */
import type { LifecycleState } from '../contracts/lifecycle';
import { VisibilityLifecycle } from './visibility-lifecycle';

export interface PlatformLifecycleEvent {
  target: 'document' | 'window';
  type: string;
  to: LifecycleState | 'visibility';
}

export class PlatformLifecycle extends VisibilityLifecycle {
  private readonly offPlatform: Array<() => void> = [];

  constructor(doc: Document | null, events: readonly PlatformLifecycleEvent[]) {
    super(doc);
    if (!doc) return;
    for (const event of events) {
      const target: EventTarget | null = event.target === 'document' ? doc : doc.defaultView;
      if (!target) continue;
      const handler = () => this.goTo(event.to === 'visibility' ? (isHidden(doc) ? 'concealed' : 'started') : event.to);
      target.addEventListener(event.type, handler);
      this.offPlatform.push(() => target.removeEventListener(event.type, handler));
    }
  }

  override destroy(): void {
    for (const off of this.offPlatform.splice(0)) off();
    super.destroy();
  }
}

function isHidden(doc: Document): boolean {
  const prefixed = (doc as Document & { webkitHidden?: boolean }).webkitHidden;
  return doc.visibilityState === 'hidden' || doc.hidden === true || prefixed === true;
}
