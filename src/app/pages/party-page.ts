/**
 * Party (`#party`): this TV hosts a party friends join from their phones. Left: the QR code of
 * the join link, the link in words and the party code in large type. Right: End party and
 * "Tracks per guest" (each guest's waiting tracks are capped, so nobody takes the queue over),
 * then the guests and the guests' waiting tracks. OK on a guest removes them (their phone is
 * told); OK on a track removes it from the queue. Up/Down move within a list, Left/Right between
 * the buttons and the two lists; Back leaves, and the party goes on until End party.
 *
 * Reached from Settings ("Start a party"). The screen follows the party through PartyHost
 * (services/party-host.ts), which polls the guest list while the page is shown.
 */
import { Lightning } from '@lightningjs/sdk';
import { services } from '../app-services';
import { Button } from '../components/button';
import { PartyRow } from '../components/party-row';
import type { QrCode } from '../components/qr-code';
import { pageHeader, qrPanel, qrSymbolOnStage, QR_PANEL_PAD } from '../components/qr-panel';
import { PartyHost, type GuestTrack } from '../services/party-host';
import { Colors, Font, Layout, lineText } from '../theme';
import type { PartyGuest } from '../../protocol';

const QR_PX = 400;
const TOP = 220;
const RIGHT_X = Layout.safeX + QR_PX + QR_PANEL_PAD * 2 + 96;
const LIST_W = 560;
const LIST_GAP = 40;
const LISTS_TOP = TOP + 210;
const ROW_STEP = PartyRow.HEIGHT + 12;
/** Rows that fit above the now-playing bar; more are summarised ("and 4 more"). */
const MAX_ROWS = Math.floor((Layout.stageH - Layout.barH - LISTS_TOP - 56) / ROW_STEP);

type Group = 'controls' | 'guests' | 'tracks';

export interface PartyPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
}

export interface PartyPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object;
  Subtitle: object;
  QrPanel: { Qr: typeof QrCode };
  Join: { Open: object; Url: object; Enter: object; Code: object };
  Status: object;
  Controls: { End: typeof Button; MaxPending: typeof Button };
  Guests: { Heading: object; Rows: object; More: object };
  Tracks: { Heading: object; Rows: object; More: object };
}

export default class PartyPage extends Lightning.Component<PartyPageTemplateSpec, PartyPageTypeConfig> {
  private host: PartyHost | null = null;
  private unsubscribe: (() => void) | null = null;
  private group: Group = 'controls';
  private index = 0;
  private guests: PartyGuest[] = [];
  private tracks: GuestTrack[] = [];

  static override _template(): Lightning.Component.Template<PartyPageTemplateSpec> {
    const heading = { ...lineText(Font.heading, Colors.text, LIST_W), fontStyle: 'bold' };
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      ...pageHeader('Party', 'Friends add songs to this TV’s queue from their phones. No account needed.'),
      QrPanel: qrPanel(Layout.safeX, TOP, QR_PX),
      Join: {
        x: Layout.safeX,
        y: TOP + QR_PX + QR_PANEL_PAD * 2 + 28,
        Open: { text: { text: 'Scan, or open', fontFace: Font.face, fontSize: Font.caption, textColor: Colors.textDim } },
        Url: { y: 38, text: { ...lineText(Font.caption, Colors.text, QR_PX + QR_PANEL_PAD * 2 + 60), fontStyle: 'bold' } },
        Enter: { y: 96, text: { text: 'and enter the code', fontFace: Font.face, fontSize: Font.caption, textColor: Colors.textDim } },
        Code: { y: 130, text: { text: '', fontFace: Font.face, fontSize: 96, fontStyle: 'bold', textColor: Colors.accent, letterSpacing: 4 } },
      },
      Status: {
        x: RIGHT_X,
        y: TOP + 118,
        text: { ...lineText(Font.body, Colors.text, LIST_W * 2 + LIST_GAP), text: 'Starting the party…' },
      },
      Controls: {
        x: RIGHT_X,
        y: TOP,
        End: { type: Button, w: 300, label: 'End party' },
        MaxPending: { type: Button, x: 340, w: 460, label: 'Tracks per guest: 3' },
      },
      Guests: {
        x: RIGHT_X,
        y: LISTS_TOP,
        Heading: { text: { ...heading, text: 'Guests' } },
        Rows: { y: 64 },
        More: { y: 64, text: lineText(Font.caption, Colors.textDim, LIST_W) },
      },
      Tracks: {
        x: RIGHT_X + LIST_W + LIST_GAP,
        y: LISTS_TOP,
        Heading: { text: { ...heading, text: 'Guests’ tracks waiting' } },
        Rows: { y: 64 },
        More: { y: 64, text: lineText(Font.caption, Colors.textDim, LIST_W) },
      },
    };
  }

  /** For e2e tests: what the screen shows, and where the QR symbol is on the stage. */
  get shown(): { state: string; code: string; joinUrl: string; guests: string[]; tracks: Array<{ title: string; by: string }>; maxPending: number; qr: unknown } {
    const s = this.host?.state;
    const info = s?.kind === 'running' ? s.info : null;
    return {
      state: s?.kind ?? 'starting',
      code: info?.code ?? '',
      joinUrl: info?.joinUrl ?? '',
      guests: this.guests.map((g) => g.name),
      tracks: this.tracks.map((t) => ({ title: t.title, by: t.guestName })),
      maxPending: info?.maxPending ?? 0,
      qr: qrSymbolOnStage(this, this.tag('QrPanel')!, this.tag('QrPanel.Qr')!),
    };
  }

  override _active(): void {
    const { api, partyQueue } = services();
    this.host = new PartyHost(api, partyQueue ?? null);
    this.unsubscribe = this.host.onChange(() => this.draw());
    this.group = 'controls';
    this.index = 0;
    this.draw();
    void this.host.open();
  }

  override _inactive(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.host?.close();
    this.host = null;
  }

  override _getFocused(): Lightning.Component | null | undefined {
    return this.focusable(this.group)[this.index] ?? this.tag('Controls.End');
  }

  override _handleUp(): boolean | void {
    if (this.group === 'controls') return false;
    if (this.index > 0) return this.move(this.group, this.index - 1);
    return this.move('controls', this.group === 'tracks' && this.focusable('controls').length > 1 ? 1 : 0);
  }

  override _handleDown(): boolean | void {
    if (this.group !== 'controls') return this.move(this.group, Math.min(this.index + 1, this.focusable(this.group).length - 1));
    const to: Group = this.focusable('guests').length > 0 ? 'guests' : 'tracks';
    if (this.focusable(to).length === 0) return;
    return this.move(to, 0);
  }

  override _handleLeft(): boolean | void {
    if (this.group === 'controls' && this.index > 0) return this.move('controls', this.index - 1);
    if (this.group === 'tracks' && this.focusable('guests').length > 0) return this.move('guests', Math.min(this.index, this.focusable('guests').length - 1));
    return false;
  }

  override _handleRight(): boolean | void {
    if (this.group === 'controls' && this.index < this.focusable('controls').length - 1) return this.move('controls', this.index + 1);
    if (this.group === 'guests' && this.focusable('tracks').length > 0) return this.move('tracks', Math.min(this.index, this.focusable('tracks').length - 1));
  }

  override _handleEnter(): void {
    const host = this.host;
    if (!host) return;
    if (this.group === 'controls') {
      if (host.state.kind === 'ended' || host.state.kind === 'failed') void host.restart();
      else if (this.index === 0) void host.end();
      else void host.cycleMaxPending();
    } else if (this.group === 'guests') {
      const guest = this.guests[this.index];
      if (guest) void host.removeGuest(guest.guestId);
    } else {
      const track = this.tracks[this.index];
      if (track) host.removeTrack(track.itemId);
    }
  }

  private move(group: Group, index: number): void {
    this.group = group;
    this.index = Math.max(0, index);
    this._refocus();
  }

  private focusable(group: Group): Lightning.Component[] {
    if (group === 'controls') {
      const end = this.tag('Controls.End')!;
      return this.host?.state.kind === 'running' ? [end, this.tag('Controls.MaxPending')!] : [end];
    }
    return (this.tag(group === 'guests' ? 'Guests.Rows' : 'Tracks.Rows')?.children ?? []) as Lightning.Component[];
  }

  private draw(): void {
    const s = this.host?.state ?? { kind: 'starting' as const };
    const info = s.kind === 'running' ? s.info : null;
    this.guests = info?.guests ?? [];
    this.tracks = this.host?.guestTracks ?? [];
    this.tag('QrPanel.Qr')!.value = info?.joinUrl ?? '';
    this.patch({
      QrPanel: { alpha: info ? 1 : 0.15 },
      Join: {
        alpha: info ? 1 : 0.35,
        // In words without the scheme and the code (typed next): "192.168.1.20:8080/party".
        Url: { text: { text: info ? info.joinUrl.replace(/^https?:\/\//, '').replace(/\/?\?.*$/, '') : ' ' } },
        Code: { text: { text: info?.code ?? '···-····' } },
      },
      Controls: {
        End: { label: s.kind === 'ended' || s.kind === 'failed' ? 'Start a new party' : 'End party', w: s.kind === 'running' ? 300 : 420 },
        MaxPending: { visible: s.kind === 'running', label: `Tracks per guest: ${info?.maxPending ?? 3}` },
      },
      Status: { text: { text: statusText(s, this.guests.length), textColor: s.kind === 'failed' ? Colors.error : Colors.text } },
      Guests: { visible: info !== null },
      Tracks: { visible: info !== null && (this.host?.hasQueue ?? false) },
    });
    this.tag('Guests.Heading')!.patch({ text: { text: `Guests (${this.guests.length})` } });
    this.tag('Tracks.Heading')!.patch({ text: { text: `Guests’ tracks waiting (${this.tracks.length})` } });
    this.fill('Guests', this.guests.map((g) => ({ title: g.name, detail: 'OK: remove from the party' })));
    this.fill('Tracks', this.tracks.map((t) => ({ title: t.title, detail: `added by ${t.guestName} · OK: remove` })));
    // Keep focus on something that still exists (a removed guest's row is gone).
    const rows = this.focusable(this.group);
    const other: Group | null = this.group === 'tracks' ? 'guests' : this.group === 'guests' ? 'tracks' : null;
    if (rows.length === 0 && other && this.focusable(other).length > 0) this.move(other, 0);
    else if (rows.length === 0) this.move('controls', 0);
    else if (this.index >= rows.length) this.move(this.group, rows.length - 1);
    else this._refocus();
  }

  private fill(list: 'Guests' | 'Tracks', rows: Array<{ title: string; detail: string }>): void {
    const shown = rows.slice(0, MAX_ROWS);
    const ref = list === 'Guests' ? 'Guest' : 'Track';
    this.tag(`${list}.Rows`)!.children = shown.map((r, i) => ({ ref: `${ref}${i}`, type: PartyRow, y: i * ROW_STEP, w: LIST_W, title: r.title, detail: r.detail }));
    const more = rows.length - shown.length;
    const empty = list === 'Guests' ? 'Nobody has joined yet.' : 'Nothing from guests is waiting.';
    this.tag(`${list}.More`)!.patch({
      y: 64 + (shown.length === 0 ? 0 : shown.length * ROW_STEP),
      text: { text: rows.length === 0 ? empty : more > 0 ? `and ${more} more` : '' },
    });
  }
}

function statusText(s: PartyHost['state'], guests: number): string {
  switch (s.kind) {
    case 'starting':
      return 'Starting the party…';
    case 'running':
      return `${guests === 1 ? '1 guest' : `${guests} guests`} · each may have ${s.info.maxPending} ${s.info.maxPending === 1 ? 'track' : 'tracks'} waiting`;
    case 'ended':
      return 'The party is over. Guests’ phones say so.';
    case 'failed':
      return `The party could not be reached: ${s.message}`;
  }
}
