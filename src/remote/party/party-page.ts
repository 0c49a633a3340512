/**
 * The party guest page's DOM (/party/): join with the TV's code and a name, then now playing
 * (read-only: a guest does not drive the TV), the TV's queue with who added each track, and
 * search/browse with "Add". Built from the phone remote's parts: its DOM helpers and icons
 * (remote-page.ts), its RemoteController (commands held while offline, refusals shown) and the
 * shared HubConnection. A closed party is a state of its own: "The party is over" or "You were
 * removed", never a page that silently stops updating.
 */
import { AuthPath, formatPartyCode, normalisePartyCode, PARTY_NAME_MAX, type AlbumResponse, type Artwork, type Card, type CastQueueItem, type HomeResponse, type MediaStatus, type PartyClosedReason, type SearchResponse, type TrackSummary } from '../../protocol';
import { HubConnection, type HubStatus } from '../../hub-client/hub-connection';
import { RemoteController } from '../remote-controller';
import { artUrl, h, redraw, time, type Child } from '../remote-page';
import { TrackInfoCache, type TrackInfo } from '../track-info-cache';
import { catalogue, type GuestPass, type GuestPasses } from './guest-pass';

type Browse =
  | { kind: 'home'; data: HomeResponse }
  | { kind: 'search'; data: SearchResponse }
  | { kind: 'album'; data: AlbumResponse }
  | { kind: 'loading' }
  | { kind: 'error'; text: string };
type View = { kind: 'join'; error: string | null; busy: boolean } | { kind: 'party' } | { kind: 'closed'; reason: PartyClosedReason | 'invalid' };

const CLOSED_TEXT: Record<PartyClosedReason | 'invalid', { title: string; body: string }> = {
  ended: { title: 'The party is over', body: 'The host ended the party. Thanks for the music!' },
  removed: { title: 'You were removed from the party', body: 'The host removed you, so you can no longer add tracks to this TV.' },
  invalid: { title: 'This party pass no longer works', body: 'The party may be over. Ask the host for the code on the TV to join again.' },
};

export class PartyPage {
  private view: View;
  private pass: GuestPass | null;
  private hub: HubConnection | null = null;
  private remote: RemoteController | null = null;
  private hubStatus: HubStatus = 'connecting';
  private tab: 'queue' | 'add' = 'queue';
  private browse: Browse = { kind: 'loading' };
  private query = '';
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly trackInfo = new TrackInfoCache((ids) => catalogue.tracks(ids), () => this.render());
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(
    private readonly root: HTMLElement,
    private readonly passes: GuestPasses,
    private readonly codeFromLink: string,
  ) {
    this.pass = passes.read();
    this.view = this.pass ? { kind: 'party' } : { kind: 'join', error: null, busy: false };
    this.ticker = setInterval(() => this.tick(), 500);
  }

  start(): void {
    if (this.pass) this.connect(this.pass);
    this.render();
  }

  destroy(): void {
    clearInterval(this.ticker);
    this.hub?.stop();
  }

  private connect(pass: GuestPass): void {
    const hub = new HubConnection({
      url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${AuthPath.hub()}`,
      getToken: async () => pass.token,
      device: { name: pass.name, kind: 'phone', platform: 'web', capabilities: [] },
      onMessage: (m) => {
        if (m.type === 'party_closed') return this.closed(m.reason);
        remote.handle(m);
      },
      onStatus: (s) => {
        this.hubStatus = s;
        remote.setOnline(s === 'online');
      },
      // A pass the hub does not know (the BFF restarted, so every party ended): nothing to refresh.
      onUnauthenticated: async () => {
        this.closed('invalid');
        return false;
      },
    });
    const remote = new RemoteController(hub);
    remote.onChange(() => this.render());
    this.hub = hub;
    this.remote = remote;
    hub.start();
    void this.load(async () => ({ kind: 'home', data: await catalogue.home() }));
  }

  private closed(reason: PartyClosedReason | 'invalid'): void {
    this.hub?.stop();
    this.hub = null;
    this.remote = null;
    this.passes.forget();
    this.pass = null;
    this.view = { kind: 'closed', reason };
    this.render();
  }

  render(): void {
    const view = this.view.kind === 'join' ? this.joinView(this.view) : this.view.kind === 'closed' ? this.closedView(this.view.reason) : this.partyView();
    redraw(this.root, view);
  }

  private joinView(v: Extract<View, { kind: 'join' }>): Child[] {
    const code = h('input', { type: 'text', id: 'code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: false, required: true, maxLength: 12, value: this.codeFromLink }) as HTMLInputElement;
    const name = h('input', { type: 'text', id: 'name', name: 'name', autocomplete: 'nickname', required: true, maxLength: PARTY_NAME_MAX }) as HTMLInputElement;
    const form = h(
      'form',
      {
        onsubmit: async (e: Event) => {
          e.preventDefault();
          this.view = { kind: 'join', error: null, busy: true };
          this.render();
          const got = await this.passes.join(code.value, name.value);
          if (typeof got === 'string') {
            this.view = { kind: 'join', error: got, busy: false };
            this.render();
            return;
          }
          this.pass = got;
          this.view = { kind: 'party' };
          this.connect(got);
          this.render();
        },
      },
      h('label', { htmlFor: 'code' }, 'Party code (on the TV)'),
      code,
      h('label', { htmlFor: 'name' }, 'Your name (shown on the TV next to your tracks)'),
      name,
      v.error && h('div', { className: 'banner bad', role: 'alert', id: 'join-error' }, v.error),
      h('p', {}, h('button', { type: 'submit', className: 'primary', id: 'join', disabled: v.busy }, v.busy ? 'Joining…' : 'Join the party')),
    );
    return [h('h1', {}, 'Join the party'), h('p', { className: 'dim' }, 'Add songs to the TV’s queue from your phone. No account needed.'), form];
  }

  private closedView(reason: PartyClosedReason | 'invalid'): Child[] {
    const text = CLOSED_TEXT[reason];
    return [
      h('section', { className: 'card', id: 'party-closed', 'data-reason': reason, role: 'alert' }, h('h1', {}, text.title), h('p', { className: 'dim' }, text.body)),
      h('p', {}, h('button', { className: 'primary', onclick: () => ((this.view = { kind: 'join', error: null, busy: false }), this.render()) }, 'Join a party')),
    ];
  }

  private partyView(): Child[] {
    const r = this.remote;
    const pass = this.pass;
    if (!r || !pass) return [];
    const s = r.status;
    const waiting = s ? this.waiting(s).filter((i) => i.addedBy.guest && i.addedBy.deviceId === pass.guestId).length : 0;
    return [
      h(
        'div',
        { className: 'row spread' },
        h('h1', {}, 'Encore party'),
        h('span', { className: `pill ${this.hubStatus}`, id: 'hub-status' }, { online: 'Connected', connecting: 'Reconnecting…', offline: 'Offline' }[this.hubStatus]),
      ),
      h('p', { className: 'dim', id: 'me' }, `You’re in as ${pass.name} · ${waiting} of ${pass.maxPending} of your tracks waiting`),
      this.hubStatus !== 'online' && h('div', { className: 'banner warn', role: 'status' }, 'Not connected. Reconnecting by itself; adds wait below until then.'),
      r.target && !r.target.online && h('div', { className: 'banner warn', role: 'status' }, `${r.target.name} is offline right now.`),
      r.held.length > 0 && h('div', { className: 'banner warn', id: 'held' }, 'Waiting to send: ', ...r.held.map((c) => h('button', { onclick: () => r.drop(c) }, `${c.label} ✕`))),
      r.lastError && h('div', { className: 'banner bad', role: 'alert', id: 'remote-error' }, r.lastError),
      this.nowPlaying(s),
      h(
        'div',
        { className: 'tabs' },
        h('button', { id: 'tab-queue', className: this.tab === 'queue' ? 'on' : '', onclick: () => ((this.tab = 'queue'), this.render()) }, `Queue (${s ? this.waiting(s).length : 0})`),
        h('button', { id: 'tab-add', className: this.tab === 'add' ? 'on' : '', onclick: () => ((this.tab = 'add'), this.render()) }, 'Add songs'),
      ),
      this.tab === 'queue' ? this.queueView(s, pass) : this.addView(),
      h('p', {}, h('button', { onclick: () => this.closeByChoice() }, 'Leave the party')),
    ];
  }

  private closeByChoice(): void {
    this.hub?.stop();
    this.hub = null;
    this.remote = null;
    this.passes.forget();
    this.pass = null;
    this.view = { kind: 'join', error: null, busy: false };
    this.render();
  }

  private waiting(s: MediaStatus): CastQueueItem[] {
    const at = s.items.findIndex((i) => i.itemId === s.currentItemId);
    return s.items.slice(at + 1);
  }

  private nowPlaying(s: MediaStatus | null): Node {
    const item = s?.items.find((i) => i.itemId === s.currentItemId) ?? null;
    const info = item ? this.info(item.media.contentId) : null;
    const duration = info?.durationS ?? 0;
    const pos = this.remote?.position() ?? 0;
    const pct = duration > 0 ? Math.min(100, (pos / duration) * 100) : 0;
    return h(
      'section',
      { className: 'card', 'aria-label': 'Now playing' },
      h(
        'div',
        { className: 'now' },
        h('div', { className: 'art', style: info?.artwork ? `background-image:url('${artUrl(info.artwork)}')` : '' }),
        h(
          'div',
          { className: 'grow' },
          h('div', { className: 'title', id: 'np-title' }, info?.title ?? (item ? '…' : 'Nothing playing yet')),
          h('div', { className: 'dim ellipsis' }, info?.artist ?? (item ? '' : 'Add a song to get it going')),
          item && h('div', { className: 'dim ellipsis', id: 'np-added-by' }, `Added by ${item.addedBy.name}`),
          h('div', { className: 'dim', id: 'np-state' }, s ? s.playerState.toLowerCase() : ''),
        ),
      ),
      h('div', { style: 'height:6px;background:var(--line);border-radius:3px;margin-top:12px', role: 'progressbar', 'aria-label': 'Position' },
        h('div', { id: 'np-bar', 'data-duration': duration, style: `height:6px;width:${pct}%;background:var(--accent);border-radius:3px` })),
      h('div', { className: 'row spread dim' }, h('span', { id: 'np-time' }, time(pos)), h('span', {}, time(duration))),
    );
  }

  private queueView(s: MediaStatus | null, pass: GuestPass): Node {
    const waiting = s ? this.waiting(s) : [];
    if (waiting.length === 0) return h('p', { className: 'dim' }, 'Nothing waiting. Tap “Add songs” to add one.');
    return h(
      'ul',
      { className: 'list', id: 'queue' },
      ...waiting.map((item) => {
        const info = this.info(item.media.contentId);
        const mine = item.addedBy.guest && item.addedBy.deviceId === pass.guestId;
        return h(
          'li',
          { 'data-item-id': item.itemId },
          h(
            'div',
            { className: 'grow' },
            h('div', { className: 'title ellipsis' }, info?.title ?? '…'),
            h('div', { className: 'dim ellipsis added-by' }, `${info?.artist ?? ''} · added by ${mine ? 'you' : item.addedBy.name}`),
          ),
        );
      }),
    );
  }

  private addView(): Node {
    const input = h('input', {
      type: 'search', id: 'search', placeholder: 'Search songs, albums, artists', 'aria-label': 'Search', value: this.query, autocomplete: 'off',
      oninput: (e: Event) => this.search((e.target as HTMLInputElement).value),
    });
    const b = this.browse;
    let body: Node;
    switch (b.kind) {
      case 'loading':
        body = h('p', { className: 'dim' }, 'Loading…');
        break;
      case 'error':
        body = h('div', { className: 'banner bad' }, b.text);
        break;
      case 'home':
        body = h('div', {}, ...b.data.rails.map((rail) => h('section', {}, h('h2', {}, rail.title), this.cards(rail.items.filter((c) => c.kind === 'album')))));
        break;
      case 'search':
        body = h(
          'div',
          {},
          b.data.tracks.length > 0 && h('h2', {}, 'Songs'),
          this.trackList(b.data.tracks, (t) => t.artwork),
          b.data.albums.length > 0 && h('h2', {}, 'Albums'),
          this.cards(b.data.albums),
          b.data.tracks.length + b.data.albums.length === 0 && h('p', { className: 'dim' }, `Nothing found for “${b.data.query}”.`),
        );
        break;
      case 'album':
        body = h(
          'div',
          {},
          h('button', { onclick: () => this.search(this.query) }, '← Back'),
          h('h2', {}, b.data.album.title),
          this.trackList(b.data.tracks, () => b.data.album.artwork),
        );
        break;
    }
    return h('div', {}, h('p', {}, input), body);
  }

  private search(q: string): void {
    this.query = q;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    // A keystroke's request waits for the next; only the last query's answer is drawn.
    this.searchTimer = setTimeout(() => {
      const asked = this.query.trim();
      void this.load(async () => (asked ? { kind: 'search', data: await catalogue.search(asked) } : { kind: 'home', data: await catalogue.home() }), () => this.query.trim() === asked);
    }, 250);
  }

  private cards(cards: readonly Card[]): Node {
    return h(
      'div',
      { className: 'cards' },
      ...cards.map((c) =>
        h(
          'button',
          { onclick: () => void this.load(async () => ({ kind: 'album', data: await catalogue.album(c.id) })) },
          h('div', { className: 'art', style: `background-image:url('${artUrl(c.artwork)}');background-color:${c.artwork.color}` }),
          h('div', { className: 'title ellipsis', style: 'font-size:15px' }, c.title),
          h('div', { className: 'dim ellipsis' }, c.subtitle),
        ),
      ),
    );
  }

  private trackList<T extends TrackSummary>(tracks: readonly T[], artwork: (t: T) => Artwork | null): Node {
    const r = this.remote;
    return h(
      'ul',
      { className: 'list', id: 'results' },
      ...tracks.map((t) => {
        this.remember(t, artwork(t));
        return h(
          'li',
          {},
          h('div', { className: 'grow' }, h('div', { className: 'title ellipsis' }, t.title), h('div', { className: 'dim ellipsis' }, `${t.artist.name} · ${time(t.durationMs / 1000)}`)),
          h(
            'button',
            {
              className: 'primary add', 'aria-label': `Add ${t.title}`, 'data-track-id': t.id,
              onclick: () => r?.command(`Add ${t.title}`, (st) => ({ type: 'QUEUE_INSERT', sequenceNumber: st?.sequenceNumber ?? 0, items: [{ media: { contentId: t.id } }] })),
            },
            'Add',
          ),
        );
      }),
    );
  }

  private async load(fetcher: () => Promise<Browse>, stillWanted: () => boolean = () => true): Promise<void> {
    this.browse = { kind: 'loading' };
    this.render();
    let next: Browse;
    try {
      next = await fetcher();
    } catch {
      next = { kind: 'error', text: 'Could not load this. Check the connection and try again.' };
    }
    if (!stillWanted()) return;
    this.browse = next;
    this.render();
  }

  private remember(t: TrackSummary, artwork: Artwork | null): void {
    this.trackInfo.remember(t, artwork);
  }

  private info(trackId: string): TrackInfo | null {
    return this.trackInfo.info(trackId);
  }

  private tick(): void {
    const r = this.remote;
    if (!r || r.status?.playerState !== 'PLAYING') return;
    const pos = r.position();
    const label = this.root.querySelector('#np-time');
    if (label) label.textContent = time(pos);
    const bar = this.root.querySelector<HTMLElement>('#np-bar');
    const duration = Number(bar?.dataset.duration ?? 0);
    if (bar && duration > 0) bar.style.width = `${Math.min(100, (pos / duration) * 100)}%`;
  }
}

/** The join link's `?code=`, shown formatted; '' when absent or not a party code. */
export function codeFromSearch(search: string): string {
  const code = normalisePartyCode(new URLSearchParams(search).get('code') ?? '');
  return code ? formatPartyCode(code) : '';
}
