/**
 * Settings: what Encore knows about this TV, for the viewer and for support calls. The device
 * profile in use, the device's name, model, platform version and install id, the codecs and
 * capabilities probed at boot, the memory class, how Back and hiding behave here, where records
 * are stored and how full that is, and the app version. Back returns.
 *
 * Crossfade, under the cards: Down from the account buttons, then Left/Right (or OK) steps
 * Off, 2, 4 … 12 s, applied at once and kept on the device (services/playback-settings.ts). On a
 * device whose profile plays one audio pipeline at a time the row says so and takes no focus.
 *
 * Account, top right: "Sign in" for a guest; "Switch profile" and "Sign out" once signed in, with
 * the profile listening now. Signing out keeps the music playing and leaves a guest here.
 *
 * The route's provider loads the asynchronous facts (device info, storage usage) before the page
 * shows, so the screen never draws half empty; everything else is fixed for the run.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { Device } from '../../../devices/contracts/device';
import type { StorageUsage } from '../../../devices/contracts/storage';
import type { DeviceInfo } from '../../../devices/contracts/system';
import { APP_VERSION } from '../app-version';
import { services } from '../app-services';
import { Button } from '../components/button';
import { InfoCard, type InfoRow } from '../components/info-card';
import { formatBytes } from '../format';
import { CROSSFADE_CHOICES_S, MAX_CROSSFADE_S } from '../../player/crossfade';
import { Colors, Font, Layout } from '../theme';

/** What the route's provider fetched; either part is null when it could not be read. */
export interface SettingsDetails {
  info: DeviceInfo | null;
  storage: StorageUsage | null;
}

const CARDS_TOP = 236;
const GAP = 36;
const WIDE = 680;
const NARROW = (Layout.stageW - Layout.safeX * 2 - WIDE - GAP * 2) / 2;

/** Codec strings of our ladder as people know them (devices/contracts/media.ts AUDIO_CODECS). */
const CODEC_NAMES = [
  ['mp4a.40.2', 'AAC-LC'],
  ['mp4a.40.5', 'HE-AAC'],
  ['opus', 'Opus'],
  ['flac', 'FLAC'],
] as const;

const MEMORY_CLASS_NAMES = { low: 'Low', mid: 'Medium', high: 'High' } as const;

type AccountAction = 'Sign in' | 'Switch profile' | 'Sign out' | 'Start a party';
/** Refs of the account buttons (focus paths read them). */
const ACTION_REFS: Record<AccountAction, string> = { 'Sign in': 'SignIn', 'Switch profile': 'SwitchProfile', 'Sign out': 'SignOut', 'Start a party': 'StartParty' };
const ACCOUNT_BUTTON_W = 300;
const ACCOUNT_GAP = 28;

export interface SettingsPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
}

export interface SettingsPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object;
  Subtitle: object;
  Device: typeof InfoCard;
  Playback: typeof InfoCard;
  System: typeof InfoCard;
  Hint: object;
  Crossfade: typeof Button;
  CrossfadeNote: object;
  Account: { Who: object; Buttons: object };
}

const ROW_Y = CARDS_TOP + InfoCard.heightFor(6) + 30;
const CROSSFADE_W = 400;

export class SettingsPage extends Lightning.Component<SettingsPageTemplateSpec, SettingsPageTypeConfig> {
  private actionIndex = 0;
  /** Focus is on the account buttons (top) or on the crossfade row. */
  private onCrossfade = false;
  private unsubscribe: (() => void) | null = null;
  private unsubscribeSettings: (() => void) | null = null;

  static override _template(): Lightning.Component.Template<SettingsPageTemplateSpec> {
    const cardH = InfoCard.heightFor(6);
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Title: {
        x: Layout.safeX,
        y: Layout.safeY,
        text: { text: 'Settings', fontFace: Font.face, fontSize: Font.hero - 8, fontStyle: 'bold', textColor: Colors.text },
      },
      Subtitle: {
        x: Layout.safeX,
        y: Layout.safeY + 88,
        text: { text: '', fontFace: Font.face, fontSize: Font.body, textColor: Colors.textDim },
      },
      Device: { type: InfoCard, x: Layout.safeX, y: CARDS_TOP, w: WIDE, h: cardH, title: 'This device' },
      Playback: { type: InfoCard, x: Layout.safeX + WIDE + GAP, y: CARDS_TOP, w: NARROW, h: cardH, title: 'Playback' },
      System: { type: InfoCard, x: Layout.safeX + WIDE + GAP + NARROW + GAP, y: CARDS_TOP, w: NARROW, h: cardH, title: 'System' },
      Hint: {
        mountX: 1,
        x: Layout.stageW - Layout.safeX,
        y: ROW_Y + 28,
        text: { text: 'Press Back to return.', fontFace: Font.face, fontSize: Font.caption, textColor: Colors.textFaint },
      },
      Crossfade: { type: Button, x: Layout.safeX, y: ROW_Y, w: CROSSFADE_W, label: 'Crossfade: Off' },
      CrossfadeNote: {
        x: Layout.safeX + CROSSFADE_W + 36,
        y: ROW_Y + 28,
        text: { text: '', fontFace: Font.face, fontSize: Font.caption, textColor: Colors.textDim },
      },
      Account: {
        Who: {
          mountX: 1,
          x: Layout.stageW - Layout.safeX,
          y: Layout.safeY + 92,
          text: { text: '', fontFace: Font.face, fontSize: Font.body, textColor: Colors.textDim },
        },
        Buttons: { y: Layout.safeY - 16 },
      },
    };
  }

  override _active(): void {
    this.onCrossfade = false;
    this.drawAccount();
    this.drawCrossfade();
    this.unsubscribe = services().session.onChange(() => this.drawAccount());
    this.unsubscribeSettings = services().playbackSettings?.onChange(() => this.drawCrossfade()) ?? null;
  }

  override _inactive(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unsubscribeSettings?.();
    this.unsubscribeSettings = null;
  }

  override _getFocused(): Lightning.Component | null | undefined {
    if (this.onCrossfade) return this.tag('Crossfade');
    return this.accountButtons()[this.actionIndex] ?? this;
  }

  override _handleDown(): boolean | void {
    if (this.onCrossfade || !services().playbackSettings?.crossfadeAvailable) return false;
    this.onCrossfade = true;
    this._refocus();
  }

  override _handleUp(): boolean | void {
    if (!this.onCrossfade) return false;
    this.onCrossfade = false;
    this._refocus();
  }

  override _handleLeft(): boolean | void {
    if (this.onCrossfade) return this.stepCrossfade(-1);
    if (this.actionIndex === 0) return false;
    this.actionIndex--;
    this._refocus();
  }

  override _handleRight(): boolean | void {
    if (this.onCrossfade) return this.stepCrossfade(1);
    if (this.actionIndex >= this.accountButtons().length - 1) return false;
    this.actionIndex++;
    this._refocus();
  }

  override _handleEnter(): void {
    if (this.onCrossfade) {
      // OK cycles: past 12 s it comes back to Off.
      const settings = services().playbackSettings;
      if (settings) this.stepCrossfade(settings.crossfadeS >= MAX_CROSSFADE_S ? -CROSSFADE_CHOICES_S.length : 1);
      return;
    }
    const action = this.accountButtons()[this.actionIndex]?.label as AccountAction | undefined;
    if (action === 'Sign in') Router.navigate('signin');
    else if (action === 'Switch profile') Router.navigate('profiles');
    else if (action === 'Start a party') Router.navigate('party');
    // The session's change redraws this page as a guest's.
    else if (action === 'Sign out') void services().session.signOut();
  }

  private stepCrossfade(steps: number): void {
    services().playbackSettings?.stepCrossfade(steps);
  }

  private drawCrossfade(): void {
    const settings = services().playbackSettings;
    const available = settings?.crossfadeAvailable === true;
    const seconds = settings?.crossfadeS ?? 0;
    const button = this.tag('Crossfade')!;
    button.label = `Crossfade: ${seconds === 0 ? 'Off' : `${seconds} s`}`;
    button.patch({ alpha: available ? 1 : 0.4 });
    const note = available
      ? 'Left or Right to change. Gapless albums and episodes never fade.'
      : 'Not available on this TV: it plays one audio stream at a time.';
    this.tag('CrossfadeNote')!.patch({ text: { text: note } });
  }

  private drawAccount(): void {
    const { session } = services();
    const actions: AccountAction[] = session.signedIn ? ['Switch profile', 'Sign out', 'Start a party'] : ['Sign in'];
    const width = actions.length * (ACCOUNT_BUTTON_W + ACCOUNT_GAP) - ACCOUNT_GAP;
    const buttons = this.tag('Account.Buttons')!;
    buttons.x = Layout.stageW - Layout.safeX - width;
    buttons.children = actions.map((label, i) => ({
      ref: ACTION_REFS[label],
      type: Button,
      x: i * (ACCOUNT_BUTTON_W + ACCOUNT_GAP),
      w: ACCOUNT_BUTTON_W,
      label,
    }));
    const who = session.signedIn ? `Listening as ${session.profile?.name ?? 'no profile yet'}` : 'Listening as a guest';
    this.tag('Account.Who')!.patch({ text: { text: who } });
    this.actionIndex = 0;
    this.onCrossfade = false;
    this._refocus();
  }

  private accountButtons(): Button[] {
    return (this.tag('Account.Buttons')?.children ?? []) as Button[];
  }

  set details({ info, storage }: SettingsDetails) {
    const { device } = services();
    this.patch({ Subtitle: { text: { text: `Encore ${APP_VERSION}  ·  ${info?.displayName ?? 'Unknown device'}` } } });
    this.tag('Device')!.rows = deviceRows(device, info);
    this.tag('Playback')!.rows = playbackRows(device);
    this.tag('System')!.rows = systemRows(device, storage);
  }
}

function deviceRows(device: Device, info: DeviceInfo | null): InfoRow[] {
  return [
    { label: 'Name', value: info?.displayName || 'Unknown' },
    { label: 'Model', value: info?.model || 'Not reported' },
    { label: 'Platform version', value: info?.platformVersion || 'Not reported' },
    { label: 'Device ID', value: info?.id ?? 'Unavailable', small: true },
    { label: 'Device profile', value: device.name },
    { label: 'App version', value: APP_VERSION },
  ];
}

function playbackRows(device: Device): InfoRow[] {
  const { codecs, mediaKeys } = device.capabilities;
  return [
    ...CODEC_NAMES.map(([codec, name]): InfoRow => yesNo(name, codecs[codec])),
    yesNo('Remote media keys', mediaKeys),
    { label: 'When Encore is hidden', value: device.keepsAudioWhenConcealed ? 'Keeps playing' : 'Pauses' },
  ];
}

function systemRows(device: Device, storage: StorageUsage | null): InfoRow[] {
  const { memoryClass, budgets, speechSynthesis } = device.capabilities;
  return [
    { label: 'Memory class', value: `${MEMORY_CLASS_NAMES[memoryClass]}  ·  art up to ${budgets.artworkMaxPx} px` },
    yesNo('Speech', speechSynthesis),
    { label: 'Storage', value: storage?.driver ?? 'Unavailable' },
    { label: 'Storage used', value: usageText(storage) },
    { label: 'Back on Home', value: device.exitPolicy === 'confirm' ? 'Asks before exiting' : 'Exits at once' },
    yesNo('Can close itself', device.capabilities.canExit),
  ];
}

function yesNo(label: string, value: boolean): InfoRow {
  return { label, value: value ? 'Yes' : 'No', tone: value ? 'yes' : 'no' };
}

function usageText(storage: StorageUsage | null): string {
  if (!storage || storage.usedBytes === null) return 'Not reported';
  const used = formatBytes(storage.usedBytes);
  return storage.quotaBytes === null ? used : `${used} of ${formatBytes(storage.quotaBytes)}`;
}
