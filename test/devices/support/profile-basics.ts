/**
 * What every profile promises, whatever the platform: a frozen capability object with the
 * engine's codec answers, a name that is its profile name, setup and exit that survive missing
 * platform globals, and a device id that is generated once and then read back from storage.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Device, DeviceHost } from '../../../devices/contracts/device';
import { AUDIO_CODECS } from '../../../devices/contracts/media';
import { MEMORY_BUDGETS } from '../../../devices/shared/budgets';
import { MEMORY_DRIVER_LABEL } from '../../../devices/shared/storage-usage';
import { fakeHost, fakeWindow } from './fake-host';
import { QuotaStorage } from './quota-storage';

type Profile = (new (host?: DeviceHost) => Device) & { profileName: string };

export function describeProfileBasics(Profile: Profile, userAgent: string): void {
  describe(`${Profile.profileName} profile basics`, () => {
    beforeEach(() => {
      vi.stubGlobal('localStorage', new QuotaStorage(64 * 1024 * 1024));
      // The browser profile closes the real `window` rather than the host's.
      vi.stubGlobal('window', fakeWindow());
    });
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('is named after its profile', () => {
      expect(new Profile(fakeHost({ userAgent })).name).toBe(Profile.profileName);
    });

    it('freezes its capabilities, codec answers and budgets', () => {
      const device = new Profile(fakeHost({ userAgent, supported: ['mp4a.40.2'] }));
      const caps = device.capabilities;
      expect(Object.isFrozen(caps)).toBe(true);
      expect(Object.isFrozen(caps.codecs)).toBe(true);
      expect(Object.isFrozen(caps.budgets)).toBe(true);
      expect(Object.keys(caps.codecs).sort()).toEqual([...AUDIO_CODECS].sort());
      expect(caps.codecs['mp4a.40.2']).toBe(true);
      expect(caps.codecs.flac).toBe(false);
      expect(caps.budgets).toBe(MEMORY_BUDGETS[caps.memoryClass]);
      for (const codec of AUDIO_CODECS) expect(device.canPlay(codec)).toBe(caps.codecs[codec]);
    });

    it('takes the memory class from navigator.deviceMemory when the engine reports it', () => {
      expect(new Profile(fakeHost({ userAgent, deviceMemoryGiB: 0.5 })).capabilities.memoryClass).toBe('low');
      expect(new Profile(fakeHost({ userAgent, deviceMemoryGiB: 2 })).capabilities.memoryClass).toBe('mid');
      expect(new Profile(fakeHost({ userAgent, deviceMemoryGiB: 8 })).capabilities.memoryClass).toBe('high');
    });

    it('reports speech synthesis as the engine has it', () => {
      expect(new Profile(fakeHost({ userAgent, speechSynthesis: true })).capabilities.speechSynthesis).toBe(true);
      expect(new Profile(fakeHost({ userAgent })).capabilities.speechSynthesis).toBe(false);
    });

    it('survives setup and exit without any platform globals', () => {
      const device = new Profile(fakeHost({ userAgent }));
      expect(() => {
        device.activate();
        device.activate();
        device.exit();
      }).not.toThrow();
    });

    it('answers playback tuning as plain data within the SourceBuffer budgets we know', () => {
      const tuning = new Profile(fakeHost({ userAgent })).playbackTuning();
      expect(JSON.parse(JSON.stringify(tuning))).toEqual(tuning);
      expect(tuning.sourceBufferBytes).toBeGreaterThanOrEqual(4 * 1024 * 1024);
      expect(['element-volume', 'web-audio']).toContain(tuning.gainStage);
      expect(['edit-list', 'offset', 'reload']).toContain(tuning.gaplessJoin);
      expect([1, 2]).toContain(tuning.audioPipelines);
    });

    it('generates a device id once and reads the same id back on the next launch', async () => {
      const first = await new Profile(fakeHost({ userAgent })).deviceInfo();
      const again = await new Profile(fakeHost({ userAgent })).deviceInfo();
      expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(again.id).toBe(first.id);
      expect(first.displayName.length).toBeGreaterThan(0);
      expect(Object.isFrozen(first)).toBe(true);
    });

    it('keeps records in memory and says so when its storage cannot open', async () => {
      // Storage disabled: reading window.localStorage throws, and node has no IndexedDB or WebSQL.
      // Last in this block: localforage checks its localStorage driver once per page (module load),
      // as a browser would, so the earlier tests load it while a localStorage exists.
      vi.stubGlobal('localStorage', undefined);
      Object.defineProperty(globalThis, 'localStorage', {
        configurable: true,
        get: () => {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      try {
        const storage = new Profile(fakeHost({ userAgent })).storage;
        await storage.set('k', { v: 1 });
        expect(await storage.get('k')).toEqual({ v: 1 });
        expect((await storage.usage()).driver).toBe(MEMORY_DRIVER_LABEL);
        expect(warn.mock.calls.some(([m]) => String(m).includes('keeping records in memory'))).toBe(true);
      } finally {
        warn.mockRestore();
        Reflect.deleteProperty(globalThis, 'localStorage');
      }
    });
  });
}
