/**
 * The phone remote page's DOM: sign-in, the household's devices, now playing with a locally
 * advancing progress bar, transport, volume, shuffle/repeat, the TV's queue (reorder, remove,
 * jump) and browsing (Home, album, artist) with Play on TV / Play next / Add to queue.
 * Plain DOM, no framework: the page is small, and phones on a TV's Wi-Fi load it in one request.
 * The whole view is redrawn on each change except while a finger is on a slider, and a redraw
 * that comes between a finger's press and its click waits for the click (see `redraw`); the
 * progress bar alone ticks twice a second.
 */
import type { AlbumResponse, ArtistResponse, Artwork, Card, DeviceInfo, HomeResponse, MediaStatus, CastQueueItem, RepeatMode, SearchResponse, TrackSummary } from '../protocol';
import type { PhonePlayback } from './phone-playback';
import type { PhoneSession } from './phone-session';
import type { RemoteController, RequestBody } from './remote-controller';
import { TrackInfoCache, type TrackInfo } from './track-info-cache';

type Browse = { kind: 'home'; data: HomeResponse } | { kind: 'search'; data: SearchResponse } | { kind: 'album'; data: AlbumResponse } | { kind: 'artist'; data: ArtistResponse } | { kind: 'loading' } | { kind: 'error'; text: string };

const REPEAT_NEXT: Record<RepeatMode, RepeatMode> = {
  REPEAT_OFF: 'REPEAT_ALL',
  REPEAT_ALL: 'REPEAT_SINGLE',
  REPEAT_SINGLE: 'REPEAT_OFF',
  REPEAT_ALL_AND_SHUFFLE: 'REPEAT_OFF',
};
const REPEAT_LABEL: Record<RepeatMode, string> = { REPEAT_OFF: 'Repeat: off', REPEAT_ALL: 'Repeat: all', REPEAT_SINGLE: 'Repeat: one', REPEAT_ALL_AND_SHUFFLE: 'Repeat: all, reshuffled' };

export type Child = Node | string | null | false | undefined;
export function h(tag: string, props: Record<string, unknown> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'style') el.setAttribute('style', String(v));
    else if (k in el) (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== false && c !== undefined) el.append(c);
  return el;
}

/** Drawn, not font glyphs: phones' fonts (and headless Chromium's) lack the media symbols. */
const ICONS = {
  prev: 'M6 5h2v14H6zM20 5v14L9 12z',
  next: 'M16 5h2v14h-2zM4 5v14l11-7z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4v16H6zM14 4h4v16h-4z',
} as const;
export function icon(name: keyof typeof ICONS): Node {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '24');
  svg.setAttribute('height', '24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICONS[name]);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

export const artUrl = (a: Artwork | null) => (a ? `${a.base}/${a.sizes[0]}.${a.formats.includes('webp') ? 'webp' : a.formats[0]}` : '');
/**
 * Draws `view` into `root`. The search field (`#search`) keeps its focus and caret across the
 * redraw: statuses arrive every few seconds while someone types.
 *
 * A redraw that comes between a press (pointerdown) and its click is held and drawn once the
 * click has gone out: a button replaced under the finger loses the tap, the click reaching no
 * button at all (Chromium, touch and mouse; WebDriver presses and releases in separate input
 * events). The click's own redraws are never held: the hold ends as the click starts (a capture
 * listener on the window, before any button's handler), so what a click changes is drawn within
 * the click, and a newer view replaces a held one, which is stale by then.
 */
export function redraw(root: HTMLElement, view: Child[]): void {
  const press = pressOn(root);
  if (performance.now() < press.until) {
    press.held = view;
    return;
  }
  press.held = null;
  const typing = document.activeElement?.id === 'search' ? (document.activeElement as HTMLInputElement).selectionStart : null;
  root.replaceChildren(...view.filter((c): c is Node | string => c !== null && c !== false && c !== undefined));
  if (typing !== null) {
    const input = root.querySelector<HTMLInputElement>('#search');
    input?.focus();
    input?.setSelectionRange(typing, typing);
  }
}

/** A tap takes ~100 ms; a press held longer is no tap (a scroll, a long press) and must not stall the page. */
const PRESS_HOLD_MAX_MS = 1500;
/** After the lift the click may come later: on a phone the tap gesture follows touchend. */
const CLICK_WAIT_MS = 300;

interface Press {
  /** Redraws are held until then (performance.now()): from a pointerdown on the root to its click. */
  until: number;
  /** The latest view that came meanwhile. */
  held: Child[] | null;
  timer: ReturnType<typeof setTimeout> | null;
}
const presses = new WeakMap<HTMLElement, Press>();

/** The press state of `root`, followed from its first redraw on. */
function pressOn(root: HTMLElement): Press {
  const known = presses.get(root);
  if (known) return known;
  const press: Press = { until: 0, held: null, timer: null };
  const holdUntil = (at: number) => {
    press.until = at;
    if (press.timer !== null) clearTimeout(press.timer);
    // At 0: in a task of its own, after the event being dispatched.
    press.timer = setTimeout(() => {
      press.timer = null;
      press.until = 0;
      if (press.held) redraw(root, press.held);
    }, Math.max(0, at - performance.now()));
  };
  root.addEventListener('pointerdown', () => holdUntil(performance.now() + PRESS_HOLD_MAX_MS), true);
  // On the window: the finger may leave the root before it lifts.
  window.addEventListener('pointerup', () => press.until > 0 && holdUntil(Math.min(press.until, performance.now() + CLICK_WAIT_MS)), true);
  window.addEventListener('pointercancel', () => press.until > 0 && holdUntil(0), true);
  // Capturing, so before the button's handler: the click's own redraw is drawn at once. A view
  // held until now is drawn after the click's dispatch (its default action, e.g. a form's
  // submit, still finds the button in its form), unless the click drew a newer one meanwhile.
  window.addEventListener('click', () => press.until > 0 && holdUntil(0), true);
  presses.set(root, press);
  return press;
}

export const time = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

export class RemotePage {
  private tab: 'queue' | 'browse' = 'queue';
  private browse: Browse = { kind: 'loading' };
  private query = '';
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly trackInfo = new TrackInfoCache((ids) => this.session.tracks(ids), () => this.render());
  private hubStatus: 'offline' | 'connecting' | 'online' = 'connecting';
  private dragging = false;
  private signInError: string | null = null;
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(
    private readonly root: HTMLElement,
    private readonly session: PhoneSession,
    private readonly remote: RemoteController,
    private readonly playback: PhonePlayback,
    private readonly onSignedIn: () => void,
  ) {
    remote.onChange(() => this.render());
    playback.onChange(() => this.render());
    this.ticker = setInterval(() => this.tick(), 500);
  }

  destroy(): void {
    clearInterval(this.ticker);
  }

  setHubStatus(s: 'offline' | 'connecting' | 'online'): void {
    this.hubStatus = s;
    this.render();
  }

  async openHome(): Promise<void> {
    await this.load(async () => ({ kind: 'home', data: await this.session.home() }));
  }

  /**
   * A finger on a slider holds redraws (one would replace the slider under it). The lift ends
   * that whether the slider moved or not (a touch on the thumb sends no change), a task later so
   * the slider's own change, sent on the same release, goes out from the node dragged first.
   */
  private readonly startDrag = (): void => {
    this.dragging = true;
    const lifted = () => {
      window.removeEventListener('pointerup', lifted, true);
      window.removeEventListener('pointercancel', lifted, true);
      setTimeout(() => {
        if (!this.dragging) return;
        this.dragging = false;
        this.render();
      }, 0);
    };
    window.addEventListener('pointerup', lifted, true);
    window.addEventListener('pointercancel', lifted, true);
  };

  render(): void {
    if (this.dragging) return;
    redraw(this.root, this.session.signedIn ? this.remoteView() : this.signInView());
  }

  private signInView(): Child[] {
    const login = h('input', { type: 'text', name: 'login', autocomplete: 'username', required: true, id: 'login' }) as HTMLInputElement;
    const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'password' }) as HTMLInputElement;
    const form = h(
      'form',
      {
        onsubmit: async (e: Event) => {
          e.preventDefault();
          this.signInError = await this.session.signIn(login.value.trim(), password.value);
          if (this.signInError) this.render();
          else this.onSignedIn();
        },
      },
      h('label', { htmlFor: 'login' }, 'Login or e-mail'),
      login,
      h('label', { htmlFor: 'password' }, 'Password'),
      password,
      this.signInError && h('div', { className: 'banner bad', role: 'alert' }, this.signInError),
      h('p', {}, h('button', { type: 'submit', className: 'primary' }, 'Sign in')),
    );
    return [h('h1', {}, 'Encore remote'), h('p', { className: 'dim' }, 'Sign in with your household’s account to control your TV.'), form];
  }

  private remoteView(): Child[] {
    const r = this.remote;
    const target = r.target;
    const status = r.status;
    return [
      h(
        'div',
        { className: 'row spread' },
        h('h1', {}, 'Encore remote'),
        h('span', { className: `pill ${this.hubStatus}`, id: 'hub-status' }, { online: 'Connected', connecting: 'Reconnecting…', offline: 'Offline' }[this.hubStatus]),
      ),
      this.devicePicker(),
      this.hubStatus !== 'online' && h('div', { className: 'banner warn', role: 'status' }, 'Not connected to Encore. Reconnecting by itself; commands wait below until then.'),
      target && !target.online && h('div', { className: 'banner warn', role: 'status', id: 'tv-offline' }, `${target.name} is offline. Turn it on or open Encore on it.`),
      r.held.length > 0 &&
        h(
          'div',
          { className: 'banner warn', id: 'held' },
          'Waiting to send: ',
          ...r.held.map((c) => h('button', { onclick: () => r.drop(c), title: 'Cancel' }, `${c.label} ✕`)),
        ),
      r.lastError && h('div', { className: 'banner bad', role: 'alert', id: 'remote-error' }, r.lastError),
      this.nowPlaying(status),
      h(
        'div',
        { className: 'tabs' },
        h('button', { className: this.tab === 'queue' ? 'on' : '', onclick: () => ((this.tab = 'queue'), this.render()) }, `Queue (${status?.itemCount ?? status?.items.length ?? 0})`),
        h('button', { className: this.tab === 'browse' ? 'on' : '', onclick: () => ((this.tab = 'browse'), this.render()) }, 'Browse'),
      ),
      this.tab === 'queue' ? this.queueView(status) : this.browseView(),
      h('p', {}, h('button', { onclick: () => this.session.signOut() }, 'Sign out')),
    ];
  }

  private devicePicker(): Node {
    const r = this.remote;
    const tvs = r.devices.filter((d) => d.kind === 'tv');
    if (tvs.length === 0) return h('p', { className: 'dim' }, 'No TV in this household yet: sign one in from its Settings.');
    const describe = (d: DeviceInfo) => {
      const live = d.id === r.targetId && r.status ? r.status.playerState.toLowerCase() : d.state?.playing ? 'playing' : 'idle';
      return `${d.name} — ${d.online ? live : 'offline'}`;
    };
    const select = h(
      'select',
      { id: 'device', 'aria-label': 'TV', onchange: (e: Event) => r.choose((e.target as HTMLSelectElement).value) },
      ...tvs.map((d) => h('option', { value: d.id, selected: d.id === r.targetId }, describe(d))),
    );
    return select;
  }

  private nowPlaying(s: MediaStatus | null): Node {
    const r = this.remote;
    const pb = this.playback;
    // After "Listen on this phone" the card shows and drives this phone's own player.
    const local = pb.where === 'here' || pb.where === 'moving-back';
    const item = s?.items.find((i) => i.itemId === s.currentItemId) ?? null;
    const here = pb.current;
    const info: TrackInfo | null = local
      ? here && { title: here.title, artist: here.artist, artwork: here.artwork ?? null, durationS: pb.durationS || here.durationMs / 1000 }
      : item && this.info(item.media.contentId);
    const hasItem = local ? here !== null : item !== null;
    const duration = info?.durationS ?? 0;
    const position = local ? pb.positionS : r.position();
    const playing = local
      ? pb.state !== null && pb.state !== 'paused' && pb.state !== 'idle' && pb.state !== 'ended' && pb.state !== 'failed'
      : s?.playerState === 'PLAYING' || s?.playerState === 'BUFFERING' || s?.playerState === 'LOADING';
    const seq = () => s?.sequenceNumber ?? 0;
    const seek = h('input', {
      type: 'range', id: 'seek', min: 0, max: Math.max(1, Math.round(duration)), step: 1, value: Math.round(position), 'aria-label': 'Position',
      disabled: !hasItem,
      onpointerdown: this.startDrag,
      onchange: (e: Event) => {
        this.dragging = false;
        const t = Number((e.target as HTMLInputElement).value);
        if (local) pb.seek(t);
        else r.command(`Seek to ${time(t)}`, () => ({ type: 'SEEK', currentTime: t }));
      },
    });
    const volume = h('input', {
      type: 'range', id: 'volume', min: 0, max: 100, step: 1, value: Math.round((s?.volume.level ?? 1) * 100), 'aria-label': 'Volume',
      onpointerdown: this.startDrag,
      onchange: (e: Event) => {
        this.dragging = false;
        const level = Number((e.target as HTMLInputElement).value) / 100;
        r.command(`Volume ${Math.round(level * 100)} %`, () => ({ type: 'SET_VOLUME', volume: { level } }));
      },
    });
    const tvName = r.target?.name ?? 'TV';
    const transfer = local
      ? h('button', { className: 'primary wide', id: 'play-on-tv', disabled: pb.where === 'moving-back', onclick: () => void pb.playOnTv() }, pb.where === 'moving-back' ? `Moving to ${tvName}…` : `Play on ${tvName}`)
      : h(
          'button',
          { className: 'wide', id: 'listen-here', disabled: !item || pb.where === 'moving-here', onpointerdown: () => pb.warm(), onclick: () => void pb.listenHere() },
          pb.where === 'moving-here' ? 'Moving to this phone…' : 'Listen on this phone',
        );
    return h(
      'section',
      { className: 'card', 'aria-label': 'Now playing' },
      local && h('div', { className: 'banner ok', id: 'on-phone' }, `Playing on this phone · ${tvName} is paused`),
      pb.error && h('div', { className: 'banner bad', role: 'alert' }, pb.error),
      h(
        'div',
        { className: 'now' },
        h('div', { className: 'art', style: info?.artwork ? `background-image:url('${artUrl(info.artwork)}')` : '' }),
        h(
          'div',
          { className: 'grow' },
          h('div', { className: 'title', id: 'np-title' }, info?.title ?? (hasItem ? '…' : 'Nothing playing')),
          h('div', { className: 'dim ellipsis' }, info?.artist ?? ''),
          !local && item && h('div', { className: 'dim ellipsis' }, `Added by ${item.addedBy.name}`),
          h('div', { className: 'dim', id: 'np-state' }, local ? (playing ? 'playing' : 'paused') : s ? s.playerState.toLowerCase() : ''),
        ),
      ),
      seek,
      h('div', { className: 'row spread dim' }, h('span', { id: 'np-time' }, time(position)), h('span', {}, time(duration))),
      h(
        'div',
        { className: 'controls' },
        h('button', { className: 'icon', 'aria-label': 'Previous', onclick: () => (local ? pb.previous() : r.command('Previous', (st) => ({ type: 'QUEUE_UPDATE', sequenceNumber: st?.sequenceNumber ?? seq(), jump: -1 }))) }, icon('prev')),
        h(
          'button',
          {
            className: 'big primary', id: 'play-pause', 'aria-label': playing ? 'Pause' : 'Play',
            onclick: () => (local ? pb.toggle() : r.command(playing ? 'Pause' : 'Play', () => ({ type: playing ? 'PAUSE' : 'PLAY' }))),
          },
          icon(playing ? 'pause' : 'play'),
        ),
        h('button', { className: 'icon', 'aria-label': 'Next', onclick: () => (local ? pb.next() : r.command('Next', (st) => ({ type: 'QUEUE_UPDATE', sequenceNumber: st?.sequenceNumber ?? seq(), jump: 1 }))) }, icon('next')),
      ),
      transfer,
      !local &&
        h(
          'div',
          { className: 'row' },
          h(
            'button',
            { className: s?.shuffle ? 'on' : '', 'aria-pressed': String(!!s?.shuffle), onclick: () => r.command('Shuffle', (st) => ({ type: 'QUEUE_UPDATE', sequenceNumber: st?.sequenceNumber ?? 0, shuffle: !st?.shuffle })) },
            'Shuffle',
          ),
          h(
            'button',
            {
              className: s && s.repeatMode !== 'REPEAT_OFF' ? 'on' : '',
              onclick: () => r.command('Repeat', (st) => ({ type: 'QUEUE_UPDATE', sequenceNumber: st?.sequenceNumber ?? 0, repeatMode: REPEAT_NEXT[st?.repeatMode ?? 'REPEAT_OFF'] })),
            },
            REPEAT_LABEL[s?.repeatMode ?? 'REPEAT_OFF'],
          ),
        ),
      !local && h('label', { htmlFor: 'volume' }, 'Volume'),
      !local && volume,
    );
  }

  private queueView(s: MediaStatus | null): Node {
    const r = this.remote;
    const { items, more } = r.knownQueue(s);
    if (!s || items.length === 0) return h('p', { className: 'dim' }, 'The TV’s queue is empty. Browse to add something.');
    // Intents name items, not positions: re-applied after a conflicting edit, they still mean the same item.
    const move = (item: CastQueueItem, by: number) =>
      r.command(by < 0 ? 'Move up' : 'Move down', (st) => {
        const known = r.knownQueue(st).items;
        const at = known.findIndex((i) => i.itemId === item.itemId);
        if (!st || at < 0) return null;
        const to = at + by;
        if (to < 0 || to >= known.length) return null;
        // Down moves the next item up before this one: the phone knows a run of the queue, so
        // "before the item after next" may not be in it, and no insertBefore means the queue's end.
        const [moved, before] = by < 0 ? [item.itemId, known[to]!.itemId] : [known[to]!.itemId, item.itemId];
        return { type: 'QUEUE_REORDER', sequenceNumber: st.sequenceNumber, itemIds: [moved], insertBefore: before };
      });
    const list = h(
      'ul',
      { className: 'list', id: 'queue' },
      ...items.map((item, i) => {
        const info = this.info(item.media.contentId);
        return h(
          'li',
          { className: item.itemId === s.currentItemId ? 'current' : '', 'data-item-id': item.itemId },
          h(
            'button',
            {
              className: 'grow', style: 'text-align:left;border:0;background:none;padding:0',
              onclick: () => r.command('Play this', (st) => (st && r.knownQueue(st).items.some((x) => x.itemId === item.itemId) ? { type: 'QUEUE_UPDATE', sequenceNumber: st.sequenceNumber, currentItemId: item.itemId } : null)),
            },
            h('div', { className: 'title ellipsis' }, info?.title ?? '…'),
            h('div', { className: 'dim ellipsis' }, `${info?.artist ?? ''} · added by ${item.addedBy.name}`),
          ),
          h('button', { className: 'icon', 'aria-label': 'Move up', disabled: i === 0, onclick: () => move(item, -1) }, '↑'),
          h('button', { className: 'icon', 'aria-label': 'Move down', disabled: i === items.length - 1, onclick: () => move(item, 1) }, '↓'),
          h(
            'button',
            { className: 'icon', 'aria-label': 'Remove', onclick: () => r.command('Remove', (st) => ({ type: 'QUEUE_REMOVE', sequenceNumber: st?.sequenceNumber ?? 0, itemIds: [item.itemId] })) },
            '✕',
          ),
        );
      }),
    );
    if (more === 0) return list;
    return h('div', {}, list, h('p', {}, h('button', { id: 'queue-more', onclick: () => r.showMore() }, `Show more (${more} further down)`)));
  }

  private browseView(): Node {
    const input = h('input', {
      type: 'search', id: 'search', placeholder: 'Search songs, albums, artists', 'aria-label': 'Search', value: this.query, autocomplete: 'off',
      oninput: (e: Event) => this.search((e.target as HTMLInputElement).value),
    });
    return h('div', {}, h('p', {}, input), this.browseBody());
  }

  private search(q: string): void {
    this.query = q;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    // A keystroke's request waits for the next; only the last query's answer is drawn.
    this.searchTimer = setTimeout(() => {
      const asked = this.query.trim();
      void this.load(async () => (asked ? { kind: 'search', data: await this.session.search(asked) } : { kind: 'home', data: await this.session.home() }), () => this.query.trim() === asked);
    }, 250);
  }

  private browseBody(): Node {
    const b = this.browse;
    const back = h('button', { onclick: () => (this.query ? this.search(this.query) : void this.openHome()) }, this.query ? '← Results' : '← Home');
    switch (b.kind) {
      case 'loading':
        return h('p', { className: 'dim' }, 'Loading…');
      case 'error':
        return h('div', {}, h('div', { className: 'banner bad' }, b.text), back);
      case 'home':
        return h('div', {}, ...b.data.rails.map((rail) => h('section', {}, h('h2', {}, rail.title), this.cards(rail.items))));
      case 'search': {
        const { tracks, albums, artists, query } = b.data;
        return h(
          'div',
          {},
          tracks.length > 0 && h('h2', {}, 'Songs'),
          tracks.length > 0 && this.trackList(tracks),
          albums.length > 0 && h('h2', {}, 'Albums'),
          albums.length > 0 && this.cards(albums),
          artists.length > 0 && h('h2', {}, 'Artists'),
          artists.length > 0 && this.cards(artists),
          tracks.length + albums.length + artists.length === 0 && h('p', { className: 'dim' }, `Nothing found for “${query}”.`),
        );
      }
      case 'album': {
        const { album, tracks } = b.data;
        return h(
          'div',
          {},
          back,
          h('h2', {}, album.title),
          h('p', {}, h('button', { className: 'primary', onclick: () => this.remote.command(`Play ${album.title}`, () => ({ type: 'LOAD', context: { kind: 'album', id: album.id } })) }, 'Play on TV')),
          this.trackList(tracks),
        );
      }
      case 'artist': {
        const { artist, topTracks, albums } = b.data;
        return h(
          'div',
          {},
          back,
          h('h2', {}, artist.name),
          h('p', {}, h('button', { className: 'primary', onclick: () => this.remote.command(`Play ${artist.name}`, () => ({ type: 'LOAD', context: { kind: 'artist', id: artist.id } })) }, 'Play on TV')),
          this.trackList(topTracks),
          h('h2', {}, 'Albums'),
          this.cards(albums),
        );
      }
    }
  }

  private cards(cards: readonly Card[]): Node {
    return h(
      'div',
      { className: 'cards' },
      ...cards.map((c) =>
        h(
          'button',
          { onclick: () => void this.open(c) },
          h('div', { className: 'art', style: `background-image:url('${artUrl(c.artwork)}');background-color:${c.artwork.color}` }),
          h('div', { className: 'title ellipsis', style: 'font-size:15px' }, c.title),
          h('div', { className: 'dim ellipsis' }, c.subtitle),
        ),
      ),
    );
  }

  private trackList(tracks: readonly TrackSummary[]): Node {
    const r = this.remote;
    const one = (t: TrackSummary) => [{ media: { contentId: t.id } }];
    const playNext = (t: TrackSummary) => (st: MediaStatus | null): RequestBody => {
      const at = st ? st.items.findIndex((i) => i.itemId === st.currentItemId) : -1;
      const after = st && at >= 0 ? st.items[at + 1]?.itemId : undefined;
      return { type: 'QUEUE_INSERT', sequenceNumber: st?.sequenceNumber ?? 0, items: one(t), ...(after !== undefined ? { insertBefore: after } : {}) };
    };
    return h(
      'ul',
      { className: 'list' },
      ...tracks.map((t) =>
        h(
          'li',
          { style: 'flex-direction:column;align-items:stretch' },
          h('div', { className: 'title ellipsis' }, t.title),
          h('div', { className: 'dim ellipsis' }, `${t.artist.name} · ${time(t.durationMs / 1000)}`),
          h(
            'div',
            { className: 'menu' },
            h('button', { onclick: () => r.command(`Play ${t.title}`, () => ({ type: 'LOAD', items: one(t) })) }, 'Play on TV'),
            h('button', { onclick: () => r.command(`Play next: ${t.title}`, playNext(t)) }, 'Play next'),
            h('button', { onclick: () => r.command(`Add ${t.title}`, (st) => ({ type: 'QUEUE_INSERT', sequenceNumber: st?.sequenceNumber ?? 0, items: one(t) })) }, 'Add to queue'),
          ),
        ),
      ),
    );
  }

  private async open(c: Card): Promise<void> {
    await this.load(async () =>
      c.kind === 'album' ? { kind: 'album', data: await this.session.album(c.id) } : { kind: 'artist', data: await this.session.artist(c.id) },
    );
  }

  private async load(fetcher: () => Promise<Browse>, stillWanted: () => boolean = () => true): Promise<void> {
    this.browse = { kind: 'loading' };
    this.render();
    try {
      const next = await fetcher();
      if (!stillWanted()) return;
      this.browse = next;
      if (this.browse.kind === 'search') for (const t of this.browse.data.tracks) this.remember(t, t.artwork);
      if (this.browse.kind === 'album') for (const t of this.browse.data.tracks) this.remember(t, this.browse.data.album.artwork);
      if (this.browse.kind === 'artist') for (const t of this.browse.data.topTracks) this.remember(t, this.browse.data.artist.artwork);
    } catch {
      this.browse = { kind: 'error', text: 'Could not load this page. Check the connection and try again.' };
    }
    this.render();
  }

  private remember(t: TrackSummary, artwork: Artwork | null): void {
    this.trackInfo.remember(t, artwork);
  }

  private info(trackId: string): TrackInfo | null {
    return this.trackInfo.info(trackId);
  }

  private tick(): void {
    const local = this.playback.where === 'here' || this.playback.where === 'moving-back';
    if (this.dragging || (!local && this.remote.status?.playerState !== 'PLAYING')) return;
    const pos = local ? this.playback.positionS : this.remote.position();
    const seek = this.root.querySelector<HTMLInputElement>('#seek');
    const label = this.root.querySelector('#np-time');
    if (seek) seek.value = String(Math.round(pos));
    if (label) label.textContent = time(pos);
  }
}
