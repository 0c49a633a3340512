/**
 * Entry of the TV app. Follows the Lightning SDK's startApp flow (Launch(App, appSettings,
 * platformSettings)) with settings.json inlined at build time, and wires the device seam, the
 * API client and the player before the first frame.
 */
import { Launch, Lightning, type PlatformSettings } from '@lightningjs/sdk';
import settings from '../settings.json';
import { resolveDevice } from '../devices/registry';
import { App } from './app/app';
import { provideServices, services } from './app/app-services';
import { LibraryState } from './app/services/library-state';
import { replaceKeyMap, type LiveKeyTable } from './app/key-map';
import { ApiClient } from './app/services/api-client';
import { HouseholdHub } from './app/services/household-hub';
import { partyQueueOf } from './app/services/party-queue';
import { LifecycleDuties } from './app/services/lifecycle-duties';
import { readServerBase, serverUrl } from './app/server-base';
import { Session } from './app/services/session';
import { TV_CLIENT_ID } from './app/services/device-login';
import { afterFirstPage } from './app/deferred-load';
import { LazyMediaEngine } from './app/lazy-media-engine';
import { playerConfigFor } from './app/player-config-for';
import { QueuePersistence } from './app/services/queue-persistence';
import { PositionReporter } from './app/services/position-reporter';
import { ScreensaverGuard, screensaverApis } from './app/services/screensaver-guard';
import { installTestHook } from './app/test-hook';
import { createGainStage } from './player/gain-stage';
import { QueuePlayer } from './player/queue-player';
import { Crossfader } from './player/crossfade';
import { PlaybackSettings } from './app/services/playback-settings';

type FontDefinition = { family: string; url: string; descriptors?: FontFaceDescriptors };

const device = resolveDevice((settings.platformSettings as { device?: string }).device);
device.activate();

function audioElement(): HTMLAudioElement {
  const element = document.createElement('audio');
  element.preload = 'auto';
  element.style.display = 'none';
  return document.body.appendChild(element);
}
const media = audioElement();

// '' when the BFF served this page; a packaged (file://) app carries the BFF's URL in index.html.
const serverBase = readServerBase();
// Tokens live with the device's storage driver; every API request goes through the session.
const session = new Session({ storage: device.storage, urlFor: (path) => serverUrl(serverBase, path), clientId: TV_CLIENT_ID });
void session.restore();
const api = new ApiClient(serverBase, session.fetch);
const config = playerConfigFor(device);
// Shaka is a chunk of its own, loaded once the first page is on screen (or at the first play):
// Home does not wait for it (src/app/lazy-media-engine.ts).
const shakaEngine = () =>
  new LazyMediaEngine(() =>
    import('./player/shaka-engine').then(({ ShakaEngine }) => {
      if (!ShakaEngine.isSupported()) console.error('[player] this browser cannot play MSE audio');
      return new ShakaEngine();
    }),
  );
const engine = shakaEngine();
afterFirstPage(() => engine.prefetch());
// One AudioContext for both decks (a TV may allow few): each deck routes into it through its own gain node.
let audioContext: AudioContext | null = null;
const sharedContext = () => (audioContext ??= new AudioContext());
const gain = createGainStage(config.gainStage, media, sharedContext);
// The second deck (starts after the first, preloads waiting ready, crossfade), only where the
// profile says two audio pipelines play at once (src/player/crossfade.ts); elsewhere no crossfade
// and no Settings row. The player makes it once the first play has played a moment; its engine is
// made and attached then too (a Shaka player and an open MediaSource), not by the first start
// that goes to it.
const crossfade =
  config.audioPipelines >= 2
    ? new Crossfader(() => {
        const element = audioElement();
        const deckEngine = shakaEngine();
        deckEngine.prefetch();
        return { media: element, engine: deckEngine, gain: createGainStage(config.gainStage, element, sharedContext) };
      })
    : undefined;
const playbackSettings = new PlaybackSettings(device.storage, crossfade ?? null);
void playbackSettings.restore();
const player = new QueuePlayer({
  media,
  engine,
  config,
  fetchPlayback: (trackId, signal) => api.playback(trackId, signal),
  reportPlay: (trackId, positionMs) => api.postPlay({ trackId, positionMs: Math.round(positionMs) }),
  support: { canPlayCodec: (codec) => device.canPlay(codec), canPlayFile: (type) => media.canPlayType(type) !== '' },
  gain,
  crossfade,
});
const library = new LibraryState(api, session);
library.start();
provideServices({ device, api, player, session, library, playbackSettings });
// A phone's volume and mute reach both decks: either may be the one playing after a crossfade.
const decks = () => [{ media, gain }, ...(crossfade?.decks ?? [])];
const volume = {
  setLevel: (level: number) => {
    for (const d of decks()) d.gain.setLevel(level);
  },
  get muted() {
    return media.muted;
  },
  set muted(muted: boolean) {
    for (const d of decks()) d.media.muted = muted;
  },
  get volume() {
    return player.element.volume;
  },
};

// While signed in, the TV is on the household hub (presence, playback state for the phones). It
// connects once the first page is on screen: the hub's welcome loads the receiver's chunk, which
// Home does not need.
void device
  .deviceInfo()
  .catch(() => ({ displayName: 'TV' }))
  .then((info) => {
    const hub = new HouseholdHub({ session, player, api, device, media: volume, gain: volume, deviceName: info.displayName, urlFor: (p) => serverUrl(serverBase, p) });
    // The party screen reads and edits guests' tracks in the receiver's queue (the TV's one queue).
    services().partyQueue = partyQueueOf(player, () => hub.loadReceiver());
    afterFirstPage(() => hub.start());
  });

// The queue survives a reload: restored (paused) before the first screen, then saved on change.
const queueStore = new QueuePersistence(player, device.storage);
void queueStore.restore().finally(() => queueStore.start());
// Where a signed-in profile is in an episode goes to the BFF (every 5 s, on pause, track change,
// and when the app is hidden, frozen or closed), so any TV of the household can resume it.
const positions = new PositionReporter({
  player,
  save: (trackId, positionMs) => api.savePosition(trackId, positionMs),
  canSave: () => session.signedIn && session.profile !== null,
  lifecycle: device.lifecycle,
});
// The screensaver stays away while music plays on screen, where the device has a way.
const screensaver = new ScreensaverGuard(device.screensaverControl, screensaverApis(), player, device.lifecycle);
// Concealed or frozen may be the last chance to write before the platform kills the app.
device.lifecycle.onChange((next) => {
  if (next === 'concealed' || next === 'frozen') {
    void queueStore.save();
    void playbackSettings.flush();
  }
});

// Remember what played last; written when playback really starts, never on a key press.
player.on('state', (state) => {
  if (state === 'playing' && player.current) void device.storage.set('lastPlayed', player.current).catch(() => undefined);
});

// Key codes come from the device profile only (settings.json keeps an empty `keys`); the
// texture budget from its memory class. settings.json sets `forceTxCanvasSource`: text textures
// upload straight from their canvas instead of through getImageData, a GPU readback that cost
// 47 ms of main thread per key press that changed text here (.scratch profile, SwiftShader).
const { stage, keys: _keys, ...appOptions } = settings.appSettings;
const [r = 0, g = 0, b = 0, a = 1] = stage.clearColor;
const appSettings: Partial<Lightning.Application.Options> = {
  ...appOptions,
  stage: {
    ...stage,
    clearColor: [r, g, b, a] as [number, number, number, number],
    memoryPressure: device.capabilities.budgets.memoryPressure,
  },
  keys: { ...device.keyMap() },
};
const platformSettings: PlatformSettings = {
  ...(settings.platformSettings as PlatformSettings),
  // Load the font files in parallel (the SDK's default loader fetches them one after another).
  fontLoader: (fonts: FontDefinition[], store: FontFace[]) =>
    Promise.all(
      fonts.map((f) => {
        const face = new FontFace(f.family, `url(${f.url})`, f.descriptors ?? {});
        store.push(face);
        document.fonts.add(face);
        return face.load().catch((e: unknown) => console.warn('[fonts] failed', f.url, e));
      }),
    ),
  // Closing pauses and flushes storage before the platform exit. The player is not destroyed:
  // some exits only background the app (webOS platformBack, a browser tab window.close() may not
  // close), and a relaunch must find a working player; a killed app frees everything anyway.
  onClose: () => {
    player.pause();
    positions.flush();
    void Promise.all([queueStore.save(), playbackSettings.flush()])
      .then(() => device.storage.flush())
      .finally(() => device.exit());
  },
};

// The SDK deep-merges appSettings over its defaults (src/Application/index.js), so a partial
// object is what it takes at run time; its .d.ts asks for every field.
const app = Launch(App, appSettings as Lightning.Application.Options, platformSettings);
// Launch merged the SDK's default keys under ours; the device's map is the whole map
// (src/app/key-map.ts). Same task as Launch, so no key press can come in between.
replaceKeyMap((app as unknown as { keymapping: LiveKeyTable }).keymapping, device.keyMap());
document.body.appendChild(app.stage.getCanvas());

const duties = new LifecycleDuties({
  lifecycle: device.lifecycle,
  policy: device,
  player,
  storage: device.storage,
  releaseGraphics: (all) => app.stage.gc(all),
  // Hiding does not touch focus (it lives in the component tree); recomputing the path on return
  // reflects anything that changed state while hidden before the first key arrives.
  restoreFocus: () => app._refocus(),
});

if (platformSettings.inspector) {
  // A separate chunk: costs nothing unless settings.json turns the inspector on. The packaged
  // (classic-script) build has no chunks and leaves it out rather than inline it for everyone.
  if (__ENCORE_LAZY_CHUNKS__) void import('@lightningjs/core/inspector').then(() => window.attachInspector(Lightning));
  else console.warn('[inspector] not in packaged builds; use the hosted build');
}

// Only in test builds (ENCORE_TEST_HOOK=1, scripts/build-app.mjs); production builds drop it.
if (__ENCORE_TEST_HOOK__) installTestHook(app, player, device, duties, screensaver, crossfade);
