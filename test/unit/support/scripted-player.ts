import type { PlayerSnapshot, RemotePlayer } from '../../../src/remote-receiver/receiver-session';

/** A player that does what it is told, with loads the test may hold open or fail. */
export class ScriptedPlayer implements RemotePlayer {
  state: PlayerSnapshot = { playerState: 'IDLE', currentTime: 0, volume: { level: 1, muted: false } };
  loads: Array<{ id: string; at: number; autoplay: boolean }> = [];
  hold = false;
  failNext = false;
  private pending: Array<() => void> = [];
  private listener: (e: 'state' | 'ended' | 'error') => void = () => {};
  async load(id: string, at: number, autoplay: boolean) {
    this.loads.push({ id, at, autoplay });
    if (this.failNext) {
      this.failNext = false;
      throw new Error('no playable source');
    }
    if (this.hold) await new Promise<void>((r) => this.pending.push(r));
    this.state = { ...this.state, playerState: autoplay ? 'PLAYING' : 'PAUSED', currentTime: at };
  }
  release() {
    for (const r of this.pending.splice(0)) r();
  }
  play() {
    this.state = { ...this.state, playerState: 'PLAYING' };
  }
  pause() {
    this.state = { ...this.state, playerState: 'PAUSED' };
  }
  stop() {
    this.state = { ...this.state, playerState: 'IDLE', currentTime: 0 };
  }
  seek(s: number) {
    this.state = { ...this.state, currentTime: s };
  }
  setVolume(level: number, muted: boolean) {
    this.state = { ...this.state, volume: { level, muted } };
  }
  snapshot() {
    return this.state;
  }
  onEvent(l: (e: 'state' | 'ended' | 'error') => void) {
    this.listener = l;
    return () => (this.listener = () => {});
  }
  emit(e: 'state' | 'ended' | 'error') {
    this.listener(e);
  }
}

