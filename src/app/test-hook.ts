/**
 * `window.__encore`: a read-only window into the running app for e2e tests and the bench.
 * Everything is a getter or a function, so installing it costs one object and reading it costs
 * nothing until a test asks.
 */
import type { Lightning } from '@lightningjs/sdk';
import { Router } from '@lightningjs/sdk';
import type { Device } from '../../devices/contracts/device';
import type { AudioPlayer } from '../player/types';
import type { LifecycleDuties } from './services/lifecycle-duties';
import type { GainStage, WebAudioGain } from '../player/gain-stage';
import type { Crossfader } from '../player/crossfade';
import type { QueuePlayer } from '../player/queue-player';
import { services } from './app-services';
import { idleDelayForTests } from './services/idle-timer';
import type { ScreensaverGuard } from './services/screensaver-guard';

export interface EncoreTestHook {
  readonly device: string;
  /** The device lifecycle state (started, blurred, concealed, frozen, stopped). */
  readonly lifecycle: string;
  /** Playback was paused because the app was hidden (and not restarted since). */
  readonly pausedWhileHidden: boolean;
  readonly state: string;
  readonly positionMs: number;
  readonly durationMs: number;
  /** The rendition playing as Now Playing shows it (bits/s), or null. */
  readonly bitrate: number | null;
  readonly trackId: string | null;
  readonly queueIndex: number;
  readonly preloadedIds: readonly string[];
  readonly readyPreloadIds: readonly string[];
  readonly route: string | undefined;
  /** The element the current track plays on (a crossfade moves it to the other deck). */
  readonly mediaElement: HTMLMediaElement;
  /** Every deck's element, the one in use first (crossfade.ts: a second one exists after the first fade). */
  readonly mediaElements: HTMLMediaElement[];
  /** The crossfade setting (seconds, 0: off; null: not on this device) and whether a fade is running. */
  readonly crossfade: { seconds: number; fading: boolean } | null;
  /** Where loudness gain goes, whether it can raise quiet tracks now, and the gain in dB. */
  readonly gain: { kind: string; boosts: boolean; gainDb: number };
  /** The Web Audio gain node the element plays through, once routed (gapless e2e and bench listen there). */
  readonly audioOutput: { context: BaseAudioContext; node: AudioNode } | null;
  /** Each deck's Web Audio output as [element, node] (the crossfade e2e listens to both). */
  readonly audioOutputs: Array<{ element: HTMLMediaElement; context: BaseAudioContext; node: AudioNode }>;
  /** Who this TV is signed in as; null for a guest. */
  readonly session: { profile: string | null } | null;
  /** The sign-in page's state (code, URLs, expiry) and its QR symbol's stage box, when that page is shown. */
  readonly signIn: unknown;
  /** The focus path as names: refs, with the page shown as its route, e.g. "App/home/Rail1/Tile3". */
  focusedPath(): string;
  /** The queue by titles: now, "Next in queue", "Next from …", shuffle and repeat. */
  queue(): { current: string | null; queued: string[]; fromContext: string[]; context: string | null; shuffle: boolean; repeat: string };
  /** What the active page reports of itself (its `shown` getter: Search, Queue), or null. */
  pageShown(): unknown;
  /** The toast on screen ('' when none). */
  toast(): string;
  /** Now Playing turns ambient after `ms` without input instead of two minutes (null: the real delay). Applies from the next visit. */
  setAmbientDelay(ms: number | null): void;
  /** Whether the screensaver guard is holding the platform screensaver off now. */
  readonly screensaverHeld: boolean;
  /** The context menu's entries and the focused one (also when closed: its last contents). */
  menu(): { labels: string[]; focused: string };
  /** Seek the current track, as a remote's SEEK would (the crossfade e2e jumps near a track's end). */
  seek(positionMs: number): void;
  /** Lightning's texture memory in pixels: image and text textures uploaded now (the bench's memory figure). */
  textureMemory(): number;
}

declare global {
  interface Window {
    __encore?: EncoreTestHook;
  }
}

export function installTestHook(
  app: Lightning.Application,
  player: QueuePlayer,
  device: Device,
  duties: LifecycleDuties,
  screensaver: ScreensaverGuard,
  crossfade: Crossfader | undefined,
): void {
  const outputOf = (gain: GainStage) => (gain as Partial<Pick<WebAudioGain, 'output'>>).output ?? null;
  const first = { media: player.element, gain: player.gainStage };
  const decks = () => {
    const all = [first, ...(crossfade?.decks ?? [])];
    return [...all.filter((d) => d.media === player.element), ...all.filter((d) => d.media !== player.element)];
  };
  window.__encore = {
    get device() {
      return device.name;
    },
    get lifecycle() {
      return device.lifecycle.state;
    },
    get pausedWhileHidden() {
      return duties.pausedWhileHidden;
    },
    get state() {
      return player.state;
    },
    get positionMs() {
      return player.time.positionMs;
    },
    get durationMs() {
      return player.time.durationMs;
    },
    get bitrate() {
      return player.bitrate();
    },
    get trackId() {
      return player.current?.trackId ?? null;
    },
    get queueIndex() {
      return player.queueIndex;
    },
    get preloadedIds() {
      return player.preloadedIds;
    },
    get readyPreloadIds() {
      return player.readyPreloadIds;
    },
    get route() {
      return Router.getActiveRoute();
    },
    get session() {
      const { session } = services();
      return session.signedIn ? { profile: session.profile?.name ?? null } : null;
    },
    get signIn() {
      return (Router.getActivePage() as { testView?: unknown } | null)?.testView ?? null;
    },
    get mediaElement() {
      return player.element;
    },
    get mediaElements() {
      return decks().map((d) => d.media);
    },
    get crossfade() {
      return crossfade ? { seconds: crossfade.seconds, fading: crossfade.fading } : null;
    },
    get gain() {
      const gain = player.gainStage;
      return { kind: gain.kind, boosts: gain.boosts, gainDb: gain.gainDb };
    },
    get audioOutput() {
      const out = outputOf(player.gainStage);
      return out ? { context: out.context as unknown as BaseAudioContext, node: out.node } : null;
    },
    get audioOutputs() {
      return decks().flatMap((d) => {
        const out = outputOf(d.gain);
        return out ? [{ element: d.media, context: out.context as unknown as BaseAudioContext, node: out.node }] : [];
      });
    },
    focusedPath() {
      const page = Router.getActivePage();
      const route = Router.getActiveRoute()?.split('/')[0];
      const path = (app.focusPath ?? []) as Array<Lightning.Component & { ref?: string }>;
      return path
        .map((c) => (c === page ? (route ?? 'page') : c.ref))
        .filter((name): name is string => Boolean(name))
        .join('/');
    },
    queue() {
      const q = player.upNext;
      const titles = (items: readonly { title: string }[]) => items.map((i) => i.title);
      return {
        current: q.current?.title ?? null,
        queued: titles(q.queued),
        fromContext: titles(q.fromContext),
        context: q.context?.title ?? null,
        shuffle: q.shuffle,
        repeat: q.repeat,
      };
    },
    pageShown() {
      const page = Router.getActivePage() as (Lightning.Component & { shown?: unknown }) | null;
      return page && 'shown' in page ? page.shown : null;
    },
    setAmbientDelay(ms) {
      idleDelayForTests.ms = ms;
    },
    get screensaverHeld() {
      return screensaver.holding;
    },
    toast() {
      // Test tooling only: the App holds the widget; pages reach it through fireAncestors.
      const appRoot = Router.getActivePage()?.parent?.parent as Lightning.Component | undefined;
      const toast = appRoot?.tag('Widgets.Toast' as never) as unknown as { message?: string } | undefined;
      return toast?.message ?? '';
    },
    menu() {
      const appRoot = Router.getActivePage()?.parent?.parent as Lightning.Component | undefined;
      const menu = appRoot?.tag('Widgets.ContextMenu' as never) as unknown as { labels?: string[]; focusedLabel?: string } | undefined;
      return { labels: menu?.labels ?? [], focused: menu?.focusedLabel ?? '' };
    },
    seek(positionMs) {
      player.seek(positionMs);
    },
    textureMemory() {
      return app.stage.textureManager.usedMemory;
    },
  };
}
