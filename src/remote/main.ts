/**
 * Entry of the phone remote page (/remote/): signs in, connects to the household hub with the
 * shared hub client (reconnects with backoff by itself), and hands hub messages to the
 * controller, which the page draws.
 */
import { HubConnection } from '../hub-client/hub-connection';
import { AuthPath } from '../protocol';
import { PhonePlayback } from './phone-playback';
import { PhoneSession } from './phone-session';
import { RemoteController } from './remote-controller';
import { RemotePage } from './remote-page';

const root = document.getElementById('app')!;
const session = new PhoneSession();
const hubUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${AuthPath.hub()}`;

let controller: RemoteController;
const hub = new HubConnection({
  url: hubUrl,
  getToken: () => session.token(),
  device: { name: 'Phone remote', kind: 'phone', platform: 'web', capabilities: [] },
  onMessage: (m) => controller.handle(m),
  onStatus: (s) => {
    controller.setOnline(s === 'online');
    page.setHubStatus(s);
  },
  // The hub refused the token: a refresh decides (null = signed out elsewhere).
  onUnauthenticated: async (signedOut) => !signedOut && (await session.refresh()) !== null,
});
controller = new RemoteController(hub);

const start = () => {
  hub.start();
  void page.openHome();
  page.render();
};
const page = new RemotePage(root, session, controller, new PhonePlayback(controller, session), start);
session.onSignedOut = () => {
  hub.stop();
  page.render();
};

if (session.signedIn) start();
else page.render();
