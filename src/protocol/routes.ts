/** Paths of the BFF, shared so the client never spells a URL by hand. */
export const API_PREFIX = '/api/v1';

export const ApiPath = {
  home: () => `${API_PREFIX}/home`,
  album: (id: string) => `${API_PREFIX}/albums/${encodeURIComponent(id)}`,
  artist: (id: string) => `${API_PREFIX}/artists/${encodeURIComponent(id)}`,
  playback: (id: string) => `${API_PREFIX}/tracks/${encodeURIComponent(id)}/playback`,
  plays: () => `${API_PREFIX}/plays`,
  health: () => '/health',
  search: (q: string) => `${API_PREFIX}/search?q=${encodeURIComponent(q)}`,
} as const;
