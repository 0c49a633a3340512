/** Paths of the BFF, shared so the client never spells a URL by hand. */
export const API_PREFIX = '/api/v1';

export const ApiPath = {
  home: () => `${API_PREFIX}/home`,
  album: (id: string) => `${API_PREFIX}/albums/${encodeURIComponent(id)}`,
  artist: (id: string) => `${API_PREFIX}/artists/${encodeURIComponent(id)}`,
  playback: (id: string) => `${API_PREFIX}/tracks/${encodeURIComponent(id)}/playback`,
  /** At most PLAYBACK_BATCH_MAX ids. */
  playbackBatch: (ids: readonly string[]) => `${API_PREFIX}/tracks/playback?ids=${ids.map(encodeURIComponent).join(',')}`,
  plays: () => `${API_PREFIX}/plays`,
  health: () => '/health',
  search: (q: string) => `${API_PREFIX}/search?q=${encodeURIComponent(q)}`,
  /** POST { query } remembers a search for the signed-in profile; DELETE clears them. */
  recentSearches: () => `${API_PREFIX}/me/recent-searches`,
} as const;

/** Sign-in, households and devices (auth.ts), and the hub (hub.ts). */
export const AuthPath = {
  deviceAuthorization: () => '/oauth/device_authorization',
  token: () => '/oauth/token',
  signup: () => `${API_PREFIX}/auth/signup`,
  login: () => `${API_PREFIX}/auth/login`,
  logout: () => `${API_PREFIX}/auth/logout`,
  me: () => `${API_PREFIX}/me`,
  meProfile: () => `${API_PREFIX}/me/profile`,
  meProfiles: () => `${API_PREFIX}/me/profiles`,
  devices: () => `${API_PREFIX}/me/devices`,
  device: (id: string) => `${API_PREFIX}/me/devices/${encodeURIComponent(id)}`,
  deviceSession: (id: string) => `${API_PREFIX}/me/devices/${encodeURIComponent(id)}/session`,
  link: (code: string) => `${API_PREFIX}/link/${encodeURIComponent(code)}`,
  linkApprove: (code: string) => `${API_PREFIX}/link/${encodeURIComponent(code)}/approve`,
  linkDeny: (code: string) => `${API_PREFIX}/link/${encodeURIComponent(code)}/deny`,
  /** The phone page a QR code opens. */
  linkPage: () => '/link',
  hub: () => `${API_PREFIX}/hub`,
} as const;
