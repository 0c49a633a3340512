/**
 * The party queue end to end: two real Chromium sessions against the real BFF and hub, the TV app
 * at 1920×1080 (signed in through its own device flow, the household's receiver) and a guest's
 * phone at 390×844 on /party/. The TV starts a party from Settings with the D-pad and shows the QR
 * and code; the guest opens the join link, joins with a name, searches and adds a track, which
 * appears on the TV's party screen and queue with the guest's name; the guest's PAUSE is refused
 * NOT_ALLOWED (the TV plays on); the host removes the guest's track and then the guest (the
 * page says "removed"), a new name joins, and the host ends the party: the guest page says so.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import WebSocket from 'ws';
import { AuthPath, PartyPath, type AlbumResponse, type HomeResponse, type ServerMessage } from '../../src/protocol';
import type { RunningBff } from './support/bff';
import { phonePage } from './support/phone-page';
import { useTvAndPhone } from './support/tv-session';
import { signInDevice, signInTvWithKeys, type Household } from './support/tv-sign-in';
import { tvState, type TvState } from './support/tv-state';
import { waitForSnapshot } from './support/wait-for';

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

type PartyShown = { state: string; code: string; joinUrl: string; guests: string[]; tracks: Array<{ title: string; by: string }>; maxPending: number };
type TvSnapshot = TvState & { party: PartyShown | null };

describe('a party on the real TV app with a guest phone', () => {
  const session = useTvAndPhone({ household: 'Ada' });
  let bff: RunningBff;
  let tv: WebdriverIO.Browser;
  let phone: WebdriverIO.Browser;
  let owner: Household;
  let added: { id: string; title: string };

  const tvSnapshot = async (): Promise<TvSnapshot> => {
    const s = await tvState(tv);
    const shown = s.shown as { joinUrl?: unknown } | null;
    return { ...s, party: shown && typeof shown.joinUrl === 'string' ? (shown as PartyShown) : null };
  };
  const tvWait = (what: string, ok: (s: TvSnapshot) => boolean, timeout?: number) =>
    waitForSnapshot(tv, tvSnapshot, { timeout: 15_000, interval: 50 })(what, ok, timeout);
  const { text: phoneText, wait: phoneWait } = phonePage(() => phone);

  beforeAll(() => {
    bff = session.bff;
    tv = session.browser;
    phone = session.phone;
    owner = session.owner;
  });

  it('the TV signs in, plays an album, and starts a party from Settings with the D-pad: QR, join link and code', async () => {
    await signInTvWithKeys(tv, bff.url, owner);

    // The household's own music first, from the owner's phone as a script controller on the hub.
    const home = (await (await fetch(`${bff.url}/api/v1/home`)).json()) as HomeResponse;
    const albums = home.rails.flatMap((r) => r.items).filter((c) => c.kind === 'album');
    const [first, second] = [albums[0]!, albums.find((a) => a.id !== albums[0]!.id)!];
    const other = (await (await fetch(`${bff.url}/api/v1/albums/${second.id}`)).json()) as AlbumResponse;
    added = { id: other.tracks[0]!.id, title: other.tracks[0]!.title };
    await loadAlbumFromScript(bff.url, owner, first.id);
    await tvWait('the TV playing the album', (s) => s.state === 'playing' && !s.paused && s.queue.fromContext.length > 0, 20_000);

    await tv.url(`${bff.url}/#settings`);
    await tvWait('Settings, signed in', (s) => s.route === 'settings' && s.focused === 'App/settings/SwitchProfile');
    await tv.keys(Key.ArrowRight);
    await tv.keys(Key.ArrowRight);
    await tvWait('Start a party focused', (s) => s.focused === 'App/settings/StartParty');
    await tv.keys(Key.Enter);
    const party = await tvWait('the party screen with a code', (s) => s.route === 'party' && s.party?.state === 'running');
    expect(party.party!.code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{3}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(party.party!.joinUrl).toBe(`${bff.url}/party/?code=${party.party!.code.replace('-', '')}`);
    expect(party.focused).toBe('App/party/End');
    expect(party.state).toBe('playing');
  });

  it('a guest opens the join link, joins with a name and sees what the TV plays', async () => {
    const { party } = await tvSnapshot();
    await phone.url(party!.joinUrl);
    expect(await (await phone.$('#code')).getValue()).toBe(party!.code);
    await (await phone.$('#name')).setValue('Sam');
    await phone.saveScreenshot(path.join(shots, 'party-guest-join.png'));
    await (await phone.$('#join')).click();
    await (await phone.$('#hub-status=Connected')).waitForExist({ timeout: 10_000 });
    const { queue } = await tvSnapshot();
    await phoneWait('the TV\'s track on the phone', async () => (await phoneText('#np-title')) === queue.current);
    expect(await phoneText('#me')).toMatch(/You’re in as Sam · 0 of 3/);
    await tvWait('Sam listed on the TV', (s) => s.party?.guests.includes('Sam') ?? false, 10_000);
  });

  it('the guest searches and adds a track: it appears on the TV with the guest\'s name, and in the TV\'s queue', async () => {
    await (await phone.$('#tab-add')).click();
    await (await phone.$('#search')).setValue(added.title);
    const button = await phone.$(`button.add[data-track-id="${added.id}"]`);
    await button.waitForExist({ timeout: 10_000 });
    await phone.saveScreenshot(path.join(shots, 'party-guest-search.png'));
    await button.click();
    const s = await tvWait('the track on the party screen by Sam', (x) => x.party?.tracks.some((t) => t.title === added.title && t.by === 'Sam') ?? false, 10_000);
    // Guests' adds go after the current track, ahead of the household's own queue.
    expect(s.queue.queued[0] ?? s.queue.fromContext[0]).toBe(added.title);
    await (await phone.$('#tab-queue')).click();
    await phoneWait('the guest\'s queue naming the add', async () => (await phoneText('#queue li')).includes('added by you'));
    expect(await phoneText('#me')).toMatch(/1 of 3 of your tracks waiting/);
    await tv.pause(400); // the QR panel's fade settles
    await tv.saveScreenshot(path.join(shots, 'party-tv.png'));
    await phone.saveScreenshot(path.join(shots, 'party-guest.png'));
  });

  it('the guest\'s PAUSE is refused NOT_ALLOWED and the TV plays on', async () => {
    const answer = await phone.executeAsync((done: (v: unknown) => void) => {
      const pass = JSON.parse(localStorage.getItem('encore.party.pass')!) as { token: string; hostDeviceId: string };
      const ws = new window.WebSocket(`ws://${location.host}/api/v1/hub`, ['encore.v1', `encore.bearer.${pass.token}`]);
      ws.onmessage = (e) => {
        const m = JSON.parse(String(e.data)) as { type: string; message?: { requestId?: number } };
        if (m.type === 'welcome') {
          ws.send(JSON.stringify({ type: 'hello', requestId: 1, device: { name: 'Sam', kind: 'phone', platform: 'web', capabilities: [] } }));
          ws.send(JSON.stringify({ type: 'remote_request', targetDeviceId: pass.hostDeviceId, request: { type: 'PAUSE', requestId: Date.now() } }));
        }
        if (m.type === 'remote_message' && m.message && (m.message as { type: string }).type !== 'MEDIA_STATUS') {
          ws.close();
          done(m.message);
        }
      };
      setTimeout(() => done('no answer'), 5000);
    });
    expect(answer).toMatchObject({ type: 'INVALID_REQUEST', reason: 'NOT_ALLOWED' });
    await tv.pause(300);
    const s = await tvSnapshot();
    expect(s.state).toBe('playing');
    expect(s.paused).toBe(false);
  });

  it('the host removes the guest\'s track, then the guest, with the D-pad: the guest page says "removed", and a new name joins', async () => {
    await tvWait('End party focused', (s) => s.focused === 'App/party/End');
    await tv.keys(Key.ArrowDown);
    await tvWait('Sam\'s row focused', (s) => s.focused === 'App/party/Guest0');
    await tv.keys(Key.ArrowRight);
    await tvWait('Sam\'s track focused', (s) => s.focused === 'App/party/Track0');
    await tv.keys(Key.Enter);
    await tvWait('the track gone from the TV', (s) => (s.party?.tracks.length ?? 1) === 0 && !s.queue.queued.includes(added.title) && s.queue.fromContext[0] !== added.title);
    await phoneWait('the track gone from the guest\'s queue', async () => !(await phoneText('#queue')).includes(added.title));
    // The tracks list is empty now: focus moved over to the guests by itself.
    await tvWait('Sam\'s row focused again', (s) => s.focused === 'App/party/Guest0');
    await tv.keys(Key.Enter);
    await tvWait('Sam gone from the TV', (s) => s.party?.guests.length === 0);
    const closed = await phone.$('#party-closed');
    await closed.waitForExist({ timeout: 10_000 });
    expect(await closed.getAttribute('data-reason')).toBe('removed');
    expect(await closed.getText()).toMatch(/You were removed from the party/);
    await phone.saveScreenshot(path.join(shots, 'party-guest-removed.png'));
    await (await phone.$('button=Join a party')).click();
    await (await phone.$('#name')).setValue('Ann');
    await (await phone.$('#join')).click();
    await (await phone.$('#hub-status=Connected')).waitForExist({ timeout: 10_000 });
    await tvWait('Ann listed on the TV', (s) => s.party?.guests.join() === 'Ann', 10_000);
  });

  it('the host ends the party with the D-pad: the guest page says so, and the code no longer joins', async () => {
    const { party } = await tvSnapshot();
    // The last guest's removal emptied both lists: focus went back to End party.
    await tvWait('End party focused', (s) => s.focused === 'App/party/End');
    await tv.keys(Key.Enter);
    await tvWait('the party over on the TV', (s) => s.party?.state === 'ended');
    const closed = await phone.$('#party-closed');
    await closed.waitForExist({ timeout: 10_000 });
    expect(await closed.getAttribute('data-reason')).toBe('ended');
    expect(await closed.getText()).toMatch(/The party is over/);
    await phone.saveScreenshot(path.join(shots, 'party-guest-ended.png'));
    const late = await fetch(`${bff.url}${PartyPath.join()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: party!.code, name: 'Late' }) });
    expect(late.status).toBe(404);
  });
});

/** The household's phone as a script on the hub: LOAD an album on the (only) TV. */
async function loadAlbumFromScript(base: string, owner: Household, albumId: string): Promise<void> {
  const login = await signInDevice(base, owner, 'party-e2e-script-01', 'Script');
  const ws = new WebSocket(`${base.replace('http:', 'ws:')}${AuthPath.hub()}`, ['encore.v1', `encore.bearer.${login.access_token}`]);
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as ServerMessage;
      if (m.type === 'welcome') {
        ws.send(JSON.stringify({ type: 'hello', requestId: 1, device: { name: 'Script', kind: 'phone', platform: 'node', capabilities: [] } }));
        ws.send(JSON.stringify({ type: 'get_devices', requestId: 2 }));
      }
      if (m.type === 'devices') {
        const tvDevice = m.devices.find((d) => d.kind === 'tv' && d.online);
        if (!tvDevice) return reject(new Error('no TV online'));
        ws.send(JSON.stringify({ type: 'remote_request', targetDeviceId: tvDevice.id, request: { type: 'LOAD', requestId: Date.now(), context: { kind: 'album', id: albumId } } }));
      }
      if (m.type === 'remote_message' && m.message.type === 'MEDIA_STATUS' && m.message.playerState === 'PLAYING') {
        ws.close();
        resolve();
      }
    });
    ws.on('error', reject);
  });
}
