import { describe, expect, it } from 'vitest';
import { PlayStationDevice } from '../../devices/playstation';
import { pickProfile, PROFILES } from '../../devices/registry';
import { envFor, fakeHost, fakeWindow } from './support/fake-host';
import { describeKeyMap, type PublishedKey } from './support/key-table';
import { useLocalStorage } from './support/local-storage';
import { describeProfileBasics } from './support/profile-basics';

// Sony's web content guidelines are confidential; these are the UAs the consoles send, in the
// form Shaka's lib/device/playstation.js parses ("PlayStation <n>"). PS5: "PlayStation;
// PlayStation 5/<firmware>"; PS4: "PlayStation 4 <firmware>".
const UA = {
  ps5: 'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15',
  ps4: 'Mozilla/5.0 (PlayStation 4 3.11) AppleWebKit/537.73 (KHTML, like Gecko)',
};

const BOILERPLATE = 'joseirrazabal/boilerplate-react ps4 keys';
const ISSUE = 'Encore issue';
const PUBLISHED: PublishedKey[] = [
  [13, 'Enter', 'Cross'],
  [37, 'Left', 'D-pad'],
  [38, 'Up', 'D-pad'],
  [39, 'Right', 'D-pad'],
  [40, 'Down', 'D-pad'],
  [8, 'Back', `${BOILERPLATE}: Circle`],
  [27, 'Back', 'bitmovin-player-ui PlayStation map: Circle'],
  [112, 'Search', `${BOILERPLATE}: Triangle`],
  [32, 'PlayPause', `${BOILERPLATE}: Square`],
  [114, 'Menu', `${BOILERPLATE}: START/Options`],
  [128, 'Play', `${ISSUE}; ${BOILERPLATE}`],
  [129, 'Stop', `${ISSUE}; ${BOILERPLATE}`],
  [130, 'Pause', `${ISSUE}; ${BOILERPLATE}`],
  [126, 'FastForward', `${ISSUE}; ${BOILERPLATE}: scan forward`],
  [127, 'Rewind', `${ISSUE}; ${BOILERPLATE}: scan rewind`],
  [123, 'Next', `${ISSUE}; ${BOILERPLATE}`],
  [122, 'Previous', `${ISSUE} (the boilerplate's 112 is Triangle)`],
];

describeKeyMap('PlayStation', new PlayStationDevice(fakeHost({ userAgent: UA.ps5 })).keyMap(), PUBLISHED);
describeProfileBasics(PlayStationDevice, UA.ps5);

describe('PlayStation', () => {
  useLocalStorage();

  it.each(Object.entries(UA))('is picked for the %s UA', (_, userAgent) => {
    expect(pickProfile(PROFILES, envFor(userAgent), null)).toBe(PlayStationDevice);
  });

  it('does not give Previous the Triangle code', () => {
    expect(new PlayStationDevice(fakeHost({ userAgent: UA.ps5 })).keyMap()[112]).toBe('Search');
  });

  it('exits with window.close and pauses when concealed', () => {
    const window = fakeWindow();
    const device = new PlayStationDevice(fakeHost({ userAgent: UA.ps4, globals: { window } }));
    device.exit();
    expect(window.closed).toBe(1);
    expect(device.keepsAudioWhenConcealed).toBe(false);
  });

  it('names the console and its firmware', async () => {
    expect(await new PlayStationDevice(fakeHost({ userAgent: UA.ps5 })).deviceInfo()).toMatchObject({
      model: 'PlayStation 5',
      platformVersion: '2.26',
      displayName: 'PlayStation 5',
    });
    expect(await new PlayStationDevice(fakeHost({ userAgent: UA.ps4 })).deviceInfo()).toMatchObject({ model: 'PlayStation 4', platformVersion: '3.11' });
  });
});
