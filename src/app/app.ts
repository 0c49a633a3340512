/**
 * The root component: the Router's page host, the now-playing widget, global keys (media, Menu,
 * Exit), and the exit question: Back on the first page asks before leaving, as TV stores require,
 * or leaves at once where the device's exit policy says so.
 */
import { Lightning, Router, Utils, type FontFaceDefinition } from '@lightningjs/sdk';
import { services } from './app-services';
import { rootBackAction } from './exit-decision';
import { state } from './state-name';
import { Button } from './components/button';
import { ContextMenu } from './components/context-menu';
import { NowPlayingBar } from './components/now-playing-bar';
import { SideMenu } from './components/side-menu';
import { Toast } from './components/toast';
import { TextPrompt } from './components/text-prompt';
import { contextActions, hasContextTarget, type ContextAction, type ContextTarget } from './services/context-actions';
import { LIBRARY_LIMITS } from '../protocol';
import { followSession, routes } from './routes';
import { Colors, Font, Layout } from './theme';

/** How far FastForward and Rewind move, as most TV media apps step. */
const SEEK_STEP_MS = 10_000;

/** OK held this long opens the context menu instead of acting (a tap acts on release). */
export const LONG_PRESS_MS = 550;

/** From @fontsource/inter's CSS: each subset file covers these code points. */
const LATIN =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const LATIN_EXT =
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF';

export interface AppTemplateSpec extends Router.App.TemplateSpecLoose {
  Widgets: { NowPlayingBar: typeof NowPlayingBar; SideMenu: typeof SideMenu; Toast: typeof Toast; ContextMenu: typeof ContextMenu; TextPrompt: typeof TextPrompt };
  ExitDialog: { Scrim: object; Question: object; Cancel: typeof Button; Exit: typeof Button };
}

export class App extends Router.App<AppTemplateSpec> {
  private exitChoice: 'Cancel' | 'Exit' = 'Cancel';
  /** OK is down over something with a context menu: a tap or a hold, decided on release or timer. */
  private okHold: { timer: ReturnType<typeof setTimeout>; long: boolean; event: KeyboardEvent } | null = null;

  static getFonts(): FontFaceDefinition[] {
    return [400, 700].flatMap((weight) =>
      (['latin', 'latin-ext'] as const).map((subset) => ({
        family: Font.face,
        url: Utils.asset(`fonts/inter-${subset}-${weight}-normal.woff2`),
        descriptors: { weight: String(weight), unicodeRange: subset === 'latin' ? LATIN : LATIN_EXT },
      })),
    );
  }

  static override _template(): Lightning.Component.Template<AppTemplateSpec> {
    return {
      ...super._template(),
      Widgets: {
        NowPlayingBar: { type: NowPlayingBar },
        SideMenu: { type: SideMenu },
        Toast: { type: Toast },
        ContextMenu: { type: ContextMenu },
        TextPrompt: { type: TextPrompt },
      },
      ExitDialog: {
        visible: false,
        zIndex: 200,
        Scrim: { w: Layout.stageW, h: Layout.stageH, rect: true, color: 0xe6000000 },
        Question: {
          mountX: 0.5,
          x: Layout.stageW / 2,
          y: 400,
          text: { text: 'Exit Encore?', fontFace: Font.face, fontSize: Font.hero, fontStyle: 'bold', textColor: Colors.text },
        },
        Cancel: { type: Button, x: Layout.stageW / 2 - 300, y: 540, label: 'Stay' },
        Exit: { type: Button, x: Layout.stageW / 2 + 20, y: 540, label: 'Exit' },
      },
    };
  }

  override _setup(): void {
    Router.startRouter(routes(), this);
    followSession();
    this.tag('Widgets.ContextMenu')!.onResult = (message) => this.$toast(message);
  }

  /** A short confirmation that never takes focus (pages: `this.fireAncestors('$toast', …)`). */
  $toast(message: string): void {
    this.tag('Widgets.Toast')?.show(message);
  }

  /** A menu of `actions` (a page's confirmation, the playlist picker), focus back to the page after. */
  $openMenu(title: string, actions: ContextAction[]): void {
    this.tag('Widgets.ContextMenu')!.open(title, actions);
    Router.focusWidget('ContextMenu');
  }

  /** A name typed on the on-screen keyboard (a playlist's); null when cancelled. */
  $askName(title: string, initial: string): Promise<string | null> {
    const answer = this.tag('Widgets.TextPrompt')!.ask(title, initial, LIBRARY_LIMITS.nameMaxChars);
    Router.focusWidget('TextPrompt');
    return answer;
  }

  /**
   * The device's like key, where its remote has one (`device.likeKey()`): likes or unlikes the
   * track in focus, else the one playing. Other unmapped keys pass on.
   */
  override _handleKey(e: KeyboardEvent): boolean | void {
    const { device, library, player } = services();
    const likeKey = device.likeKey();
    if (likeKey === null || device.keyMap()[e.keyCode] !== likeKey || !library.available) return false;
    const target = this.focusedContextTarget();
    const item = target?.kind === 'track' ? target.item : player.current;
    if (!item) return false;
    const on = !library.has('track', item.trackId);
    library.set('track', item.trackId, on).then(
      () => this.$toast(on ? `Liked “${item.title}”` : `Removed “${item.title}” from Liked Songs`),
      () => this.$toast('That didn’t work. Try again.'),
    );
  }

  /** Left that no page used (its first column): the side menu. */
  override _handleLeft(): void {
    Router.focusWidget('SideMenu');
  }

  /**
   * OK over a track, album or artist waits for its release: a tap acts as OK always did (sent to
   * the focus path on release), a hold of LONG_PRESS_MS opens the context menu. Elsewhere OK acts
   * on press as before. Held keys repeat keydown; the repeats are swallowed.
   */
  override _captureEnter(e: KeyboardEvent): boolean | void {
    if (this.okHold) return true;
    const target = this.focusedContextTarget();
    if (!target) return false;
    // A track starts loading on press, not release: a tap's ~100 ms between the two is spent
    // fetching, and the release plays from that preload. A hold leaves it as the row's preload.
    if (target.kind === 'track') services().player.preload(target.item, 'focus');
    const hold = {
      long: false,
      event: e,
      timer: setTimeout(() => {
        hold.long = true;
        this.openContextMenu();
      }, LONG_PRESS_MS),
    };
    this.okHold = hold;
    return true;
  }

  override _captureEnterRelease(): boolean {
    const hold = this.okHold;
    if (!hold) return false;
    this.okHold = null;
    clearTimeout(hold.timer);
    if (!hold.long) {
      const app = this.application as unknown as { focusBottomUpEvent(events: string[], ...args: unknown[]): boolean };
      app.focusBottomUpEvent(['_handleEnter', '_handleKey'], hold.event);
    }
    return true;
  }

  /** The menu for what has focus, if it offers one. */
  openContextMenu(): boolean {
    const target = this.focusedContextTarget();
    if (!target) return false;
    const { player, api, library } = services();
    const title = target.kind === 'track' ? `${target.item.title} · ${target.item.artist}` : target.title;
    const actions = contextActions(target, {
      player,
      api,
      library,
      navigate: (route) => Router.navigate(route),
      openMenu: (t, a) => this.$openMenu(t, a),
      askName: (t, initial) => this.$askName(t, initial),
    });
    this.$openMenu(title, actions);
    return true;
  }

  private focusedContextTarget(): ContextTarget | null {
    const path = (this.application.focusPath ?? []) as unknown[];
    for (let i = path.length - 1; i >= 0; i--) {
      const c = path[i];
      if (hasContextTarget(c)) return c.contextTarget;
    }
    return null;
  }

  /**
   * The active page, but only while it is in the tree: the Router asks pages for historyState()
   * (which may change their state, and so recompute focus) after removing the previous page and
   * before switching to the new one. Focus then rests on the App until the Router refocuses.
   */
  override _getFocused(): Lightning.Component | null | undefined {
    const page = Router.getActivePage();
    return page?.attached ? page : undefined;
  }

  /**
   * Back with no history left: ask, or leave at once where the device's policy says so. If a
   * page is still loading (Enter, then Back before the data came), Back cancels that instead:
   * the current page is loaded again with its own focus state, which supersedes the pending
   * request.
   */
  override _handleAppClose(): void {
    const hash = Router.getActiveHash();
    switch (rootBackAction(services().device.exitPolicy, Router.isNavigating() && Boolean(hash))) {
      case 'cancel-navigation': {
        const state = Router.getActivePage()?.historyState?.(undefined);
        Router.navigate(hash!, { [Router.symbols.historyState]: state }, false);
        return;
      }
      case 'exit':
        this.closeApp();
        return;
      case 'ask':
        this._setState('ExitDialog');
    }
  }

  /** The remote's own Exit key (Tizen 10182): the user has already said it, so no question. */
  override _handleExit(): void {
    this.closeApp();
  }

  /** Menu/Info over a track, album or artist: its context menu; elsewhere Settings, as before. */
  _handleMenu(): void {
    if (this.openContextMenu()) return;
    if (Router.getActiveRoute() !== 'settings') Router.navigate('settings');
  }

  _handleSearch(): void {
    if (Router.getActiveRoute() !== 'search') Router.navigate('search');
  }

  _handlePlayPause(): void {
    void services().player.toggle();
  }

  _handlePlay(): void {
    void services().player.play();
  }

  _handlePause(): void {
    services().player.pause();
  }

  /** Stop keeps the queue (the bar still shows it) and returns to the start of the track. */
  _handleStop(): void {
    const { player } = services();
    player.pause();
    player.seek(0);
  }

  _handleNext(): void {
    void services().player.next();
  }

  _handlePrevious(): void {
    void services().player.previous();
  }

  _handleFastForward(): void {
    const { player } = services();
    player.seek(player.time.positionMs + SEEK_STEP_MS);
  }

  _handleRewind(): void {
    const { player } = services();
    player.seek(player.time.positionMs - SEEK_STEP_MS);
  }

  /** Through the SDK: platformSettings.onClose frees the player, flushes storage, then `device.exit()`. */
  private closeApp(): void {
    (this.application as Lightning.Application & { closeApp(): void }).closeApp();
  }

  static override _states(): Lightning.Component.Constructor[] {
    // RoutedApp declares `class Loading extends this` and `class Widgets extends this`, in that
    // order; the minifier drops those names, so they are named again here (see state-name.ts).
    const [loading, widgets, ...others] = super._states();
    if (!loading || !widgets || others.length > 0) throw new Error('Router.App states changed; update App._states');
    return [
      state('Loading', loading),
      state('Widgets', widgets),
      state(
        'ExitDialog',
        class extends this {
          override $enter(): void {
            this.exitChoice = 'Cancel';
            this.tag('ExitDialog')!.visible = true;
          }
          override $exit(): void {
            this.tag('ExitDialog')!.visible = false;
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag(this.exitChoice === 'Cancel' ? 'ExitDialog.Cancel' : 'ExitDialog.Exit');
          }
          override _captureLeft(): void {
            this.exitChoice = 'Cancel';
            this._refocus();
          }
          override _captureRight(): void {
            this.exitChoice = 'Exit';
            this._refocus();
          }
          override _captureEnter(): void {
            if (this.exitChoice === 'Exit') this.closeApp();
            this._setState('');
          }
          override _captureBack(): void {
            this._setState('');
          }
          override _captureExit(): void {
            this._setState('');
            this.closeApp();
          }
          override _captureKey(): boolean {
            // Up/Down and the rest do nothing while the question is open; focus stays on it.
            return true;
          }
        },
      ),
    ];
  }
}
