/**
 * A list that marks the row playing: told the current track now and on every change, until the
 * returned function is called (lists subscribe while active, so hidden pages cost nothing).
 */
import { services } from '../app-services';

export function followPlaying(mark: (trackId: string | null) => void): () => void {
  const { player } = services();
  const off = player.on('track', ({ item }) => mark(item?.trackId ?? null));
  mark(player.current?.trackId ?? null);
  return off;
}
