/**
 * Lifecycle from web signals: window focus/blur (blurred), the Page Visibility API (concealed),
 * and the Page Lifecycle API's freeze/resume and pagehide (frozen, stopped; Chromium-only, see
 * https://developer.chrome.com/docs/web-platform/page-lifecycle-api). Platforms with their own
 * events (webOS `webOSRelaunch`, Tizen `visibilitychange` quirks) subclass and call `goTo`.
 */
import type { Lifecycle, LifecycleState } from '../contracts/lifecycle';

const ORDER: readonly LifecycleState[] = ['started', 'blurred', 'concealed', 'frozen', 'stopped'];

type Listener = (next: LifecycleState, previous: LifecycleState) => void;

export class VisibilityLifecycle implements Lifecycle {
  private current: LifecycleState;
  private readonly listeners = new Set<Listener>();
  private readonly unbind: Array<() => void> = [];

  constructor(private readonly doc: Document | null = typeof document === 'undefined' ? null : document) {
    this.current = doc && doc.visibilityState === 'hidden' ? 'concealed' : 'started';
    if (!doc) return;
    const win = doc.defaultView;
    this.bind(doc, 'visibilitychange', () => this.goTo(doc.visibilityState === 'hidden' ? 'concealed' : 'started'));
    this.bind(doc, 'freeze', () => this.goTo('frozen'));
    this.bind(doc, 'resume', () => this.goTo(doc.visibilityState === 'hidden' ? 'concealed' : 'started'));
    if (win) {
      this.bind(win, 'blur', () => this.current === 'started' && this.goTo('blurred'));
      this.bind(win, 'focus', () => this.current === 'blurred' && this.goTo('started'));
      this.bind(win, 'pagehide', (e) => !(e as PageTransitionEvent).persisted && this.goTo('stopped'));
    }
  }

  get state(): LifecycleState {
    return this.current;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Step through every state between here and `target`, one event each (see the contract). */
  goTo(target: LifecycleState): void {
    if (this.current === 'stopped') return;
    const from = ORDER.indexOf(this.current);
    const to = ORDER.indexOf(target);
    const step = to > from ? 1 : -1;
    for (let i = from; i !== to; i += step) {
      const previous = ORDER[i] as LifecycleState;
      const next = ORDER[i + step] as LifecycleState;
      this.current = next;
      for (const l of [...this.listeners]) {
        try {
          l(next, previous);
        } catch (e) {
          console.error('[lifecycle] listener failed', e);
        }
      }
    }
  }

  destroy(): void {
    for (const off of this.unbind.splice(0)) off();
    this.listeners.clear();
  }

  private bind(target: EventTarget, type: string, fn: (e: Event) => unknown): void {
    const handler = (e: Event) => void fn(e);
    target.addEventListener(type, handler);
    this.unbind.push(() => target.removeEventListener(type, handler));
  }
}
