/**
 * The phone remote page in real Chromium at 390×844 against the real BFF and hub. The TV end is
 * a receiver session on a real hub socket in this process (the TV app's wiring is separate
 * work), driving a scripted player, so what the phone asks for can be checked exactly: sign in,
 * the TV listed with presence, Play on TV from an album, PAUSE reaching the TV within 300 ms,
 * the queue shown with who added each track, and a command made while the TV is offline held
 * visibly and sent when it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuthPath, DEVICE_CODE_GRANT, REMOTE_RECEIVER_CAPABILITY, type AlbumResponse, type ServerMessage, type TokenResponse } from '../../src/protocol';
import { ReceiverSession } from '../../src/remote-receiver/receiver-session';
import { ScriptedPlayer } from '../fixtures/scripted-player';
import { useTvSession } from './support/tv-session';

const LOGIN = `phone-e2e-${Date.now()}@example.test`;
const PASSWORD = 'phone e2e password';

async function post<T>(base: string, path: string, body: Record<string, string>, opts: { form?: boolean; token?: string } = {}): Promise<T> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: {
      'content-type': opts.form ? 'application/x-www-form-urlencoded' : 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** A household and a TV signed in to it through the real device flow. */
async function household(base: string) {
  const owner = await post<TokenResponse>(base, AuthPath.signup(), { login: LOGIN, password: PASSWORD, profileName: 'Ada', deviceId: 'e2e-setup-phone-01' });
  const flow = await post<{ device_code: string; user_code: string }>(base, AuthPath.deviceAuthorization(), { client_id: 'encore-tv', device_id: 'e2e-living-tv-01', device_name: 'Living room TV' }, { form: true });
  await post(base, AuthPath.linkApprove(flow.user_code), { profileId: owner.profile!.id }, { token: owner.access_token });
  const tv = await post<TokenResponse>(base, AuthPath.token(), { grant_type: DEVICE_CODE_GRANT, device_code: flow.device_code, client_id: 'encore-tv' }, { form: true });
  return { tvToken: tv.access_token };
}

/** The TV end: a receiver session on a hub socket. */
async function receiver(base: string, token: string, player: ScriptedPlayer) {
  const ws = new WebSocket(`${base.replace('http:', 'ws:')}${AuthPath.hub()}`, ['encore.v1', `encore.bearer.${token}`]);
  const session = new ReceiverSession({
    player,
    resolveContext: async (c) => {
      if (c.kind !== 'album') return undefined;
      const res = await fetch(`${base}/api/v1/albums/${c.id}`);
      return res.ok ? ((await res.json()) as AlbumResponse).tracks.map((t) => t.id) : undefined;
    },
    send: (message, to) => ws.send(JSON.stringify({ type: 'remote_message', ...(to ? { to } : {}), message })),
  });
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as ServerMessage;
      if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'hello', requestId: 1, device: { name: 'Living room TV', kind: 'tv', platform: 'browser', capabilities: [REMOTE_RECEIVER_CAPABILITY] } }));
      if (m.type === 'ack') resolve();
      if (m.type === 'remote_request') void session.handle(m.from, m.request);
    });
    ws.on('error', reject);
  });
  return { ws, session, close: () => (session.destroy(), ws.close()) };
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return Date.now();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('phone remote page', () => {
  const tv = useTvSession({ browser: { width: 390, height: 844 } });
  const player = new ScriptedPlayer();
  let rx: Awaited<ReturnType<typeof receiver>>;
  let tvToken: string;

  beforeAll(async () => {
    ({ tvToken } = await household(tv.bff.url));
    rx = await receiver(tv.bff.url, tvToken, player);
  });
  afterAll(() => rx?.close());

  it('signs in and lists the TV with its presence', async () => {
    const b = tv.browser;
    await b.url(`${tv.bff.url}/remote/`);
    await (await b.$('#login')).setValue(LOGIN);
    await (await b.$('#password')).setValue(PASSWORD);
    await (await b.$('button[type=submit]')).click();
    await (await b.$('#hub-status=Connected')).waitForExist({ timeout: 5000 });
    const option = await b.$('#device option');
    await option.waitForExist({ timeout: 5000 });
    expect(await option.getText()).toMatch(/^Living room TV — (idle|playing)/);
  });

  it('plays an album on the TV from Browse, shows it playing with the queue and who added it', async () => {
    const b = tv.browser;
    await (await b.$('button=Browse')).click();
    const card = await b.$('.cards button');
    await card.waitForExist({ timeout: 5000 });
    await card.click();
    await (await b.$('button.primary=Play on TV')).click();
    await until('the TV to load', () => player.loads.length === 1);
    await until('the phone to say playing', async () => (await (await b.$('#np-state')).getText()) === 'playing');
    await (await b.$('button*=Queue')).click();
    const rows = await b.$$('#queue li');
    expect(rows.length).toBe(3);
    expect(await rows[0]!.getText()).toMatch(/added by Phone remote/);
    await b.saveScreenshot('/tmp/encore-phone-remote.png');
  });

  it('PAUSE from the phone reaches the TV within 300 ms', async () => {
    const b = tv.browser;
    const button = await b.$('#play-pause');
    const t0 = Date.now();
    await button.click();
    const t1 = await until('the TV to pause', () => player.state.playerState === 'PAUSED', 2000);
    expect(t1 - t0).toBeLessThan(300);
    await until('the phone to say paused', async () => (await (await b.$('#np-state')).getText()) === 'paused');
  });

  // Mouse: WebDriver lifts a touch pointer between two performs (and so dispatches no pointerup).
  const finger = () => tv.browser.action('pointer', { id: 'finger', parameters: { pointerType: 'mouse' } });
  const otherPhone = { deviceId: 'e2e-other-phone', name: 'Bob’s phone', guest: false };

  it('a tap lands while a status comes in mid-press: the page waits for the finger before it redraws', async () => {
    const b = tv.browser;
    await (await b.$('#play-pause')).click();
    await until('the TV to play', () => player.state.playerState === 'PLAYING', 2000);
    await until('the phone to say playing', async () => (await (await b.$('#np-state')).getText()) === 'playing');
    await finger().move({ origin: await b.$('#play-pause') }).down().perform(true);
    // Another phone seeks the TV: its status reaches this page while the finger is down. The
    // progress label ticks in place (no redraw) to the new position once the status is in.
    await rx.session.handle(otherPhone, { type: 'SEEK', requestId: 2, currentTime: 25 });
    await until('the status to reach the phone', async () => /^0:2[5-7]$/.test(await (await b.$('#np-time')).getText()));
    await finger().up().perform();
    // Redrawn under the finger, the Pause button would have taken the tap with it.
    await until('the TV to pause', () => player.state.playerState === 'PAUSED', 2000);
  });

  it('a finger lifted from a slider it did not move (no change event): the page goes on redrawing', async () => {
    const b = tv.browser;
    await until('the phone to say paused', async () => (await (await b.$('#np-state')).getText()) === 'paused');
    const volume = await b.$('#volume');
    expect(await volume.getValue()).toBe('100');
    // At the right end, where the thumb already is at 100 %: the value stays, so no change fires.
    const { width } = await volume.getSize();
    await finger().move({ origin: volume, x: Math.floor(width / 2) - 1, y: 0 }).down().up().perform();
    expect(await volume.getValue()).toBe('100');
    await rx.session.handle(otherPhone, { type: 'PLAY', requestId: 6 });
    await until('the phone to say playing', async () => (await (await b.$('#np-state')).getText()) === 'playing');
    await rx.session.handle(otherPhone, { type: 'PAUSE', requestId: 7 });
    await until('the phone to say paused', async () => (await (await b.$('#np-state')).getText()) === 'paused');
  });

  it('a tap that changes the view is drawn within its click, and a status held during the press does not undo it', async () => {
    const b = tv.browser;
    await rx.session.handle(otherPhone, { type: 'PLAY', requestId: 3 });
    await until('the phone to say playing', async () => (await (await b.$('#np-state')).getText()) === 'playing');
    // What the page shows as the click's dispatch ends (a window listener runs after the button's).
    await b.execute(() => {
      window.addEventListener('click', () => ((window as unknown as { onClickEnd: string }).onClickEnd = document.querySelector('.tabs .on')?.textContent ?? ''), { once: true });
    });
    await finger().move({ origin: await b.$('button=Browse') }).down().perform(true);
    await rx.session.handle(otherPhone, { type: 'SEEK', requestId: 4, currentTime: 10 });
    await until('the status to reach the phone', async () => /^0:1[0-2]$/.test(await (await b.$('#np-time')).getText()));
    await finger().up().perform();
    await until('the click to go out', () => b.execute(() => 'onClickEnd' in window));
    expect(await b.execute(() => (window as unknown as { onClickEnd: string }).onClickEnd)).toBe('Browse');
    // The view held during the press (still on Queue) is older than the click's: never drawn.
    await b.pause(400);
    expect(await (await b.$('.tabs .on')).getText()).toBe('Browse');
    await rx.session.handle(otherPhone, { type: 'PAUSE', requestId: 5 });
    await until('the phone to say paused', async () => (await (await b.$('#np-state')).getText()) === 'paused');
  });

  it('holds a command visibly while the TV is offline and sends it when the TV is back', async () => {
    const b = tv.browser;
    rx.close();
    await (await b.$('#tv-offline')).waitForExist({ timeout: 5000 });
    await (await b.$('#play-pause')).click();
    const held = await b.$('#held');
    await held.waitForExist({ timeout: 2000 });
    expect(await held.getText()).toMatch(/Waiting to send: Play/);
    rx = await receiver(tv.bff.url, tvToken, player);
    // The new session has an empty queue: the held PLAY reaches it and is answered (nothing loaded).
    await (await b.$('#held')).waitForExist({ reverse: true, timeout: 5000 });
    await (await b.$('#remote-error')).waitForExist({ timeout: 5000 });
  });

  it('searches from Browse ("osk" finds Ósk Vale) and adds a song to the TV queue', async () => {
    const b = tv.browser;
    await (await b.$('button=Browse')).click();
    const queued = rx.session.status().items.length;
    await (await b.$('#search')).setValue('osk');
    await until('Ósk Vale in the results', async () => (await (await b.$('body')).getText()).includes('Ósk Vale'));
    // The field keeps focus while results and statuses redraw the page.
    expect(await b.execute(() => document.activeElement?.id)).toBe('search');
    await (await b.$('button=Add to queue')).click();
    await until('the TV queue to grow', () => rx.session.status().items.length === queued + 1);
  });

  it('shows a queue longer than a status window by paging on with "Show more" to its end', async () => {
    const b = tv.browser;
    const ids = rx.session.status().items.map((i) => i.media.contentId);
    const items = Array.from({ length: 450 }, (_, n) => ({ media: { contentId: ids[n % ids.length]! } }));
    await rx.session.handle(otherPhone, { type: 'LOAD', requestId: 1, items });
    // The page redraws on every status and every batch of titles: an element found a moment ago
    // may be gone, so a click is retried on the element found again.
    const click = (selector: string) =>
      until(`a click on ${selector}`, async () => {
        try {
          await (await b.$(selector)).click();
          return true;
        } catch {
          return false;
        }
      });
    await click('button=Queue (450)');
    const rows = () => b.$$('#queue li').length;
    await until('the window of 200', async () => (await rows()) === 200);
    await b.saveScreenshot('/tmp/encore-phone-queue-more.png');
    for (const shown of [400, 450]) {
      await click('#queue-more');
      await until(`${shown} rows`, async () => (await rows()) === shown);
    }
    expect(await (await b.$('#queue-more')).isExisting()).toBe(false);
    const last = await b.$('#queue li:last-child');
    expect(Number(await last.getAttribute('data-item-id'))).toBe(rx.session.queue.items.at(-1)!.itemId);
  });
});
