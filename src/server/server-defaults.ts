/**
 * The BFF's tuning in one place. Config (ports, paths) lives in config.ts; these are budgets that
 * only change with a measurement behind them.
 */
export const SERVER_DEFAULTS = {
  home: {
    /** A TV rail shows ~6 tiles; a dozen leaves room to scroll without a second call. */
    jumpBackInLimit: 12,
    recentlyAddedLimit: 24,
    artistsLimit: 48,
    /** Most recently edited first. */
    playlistsLimit: 24,
  },
  artist: { topTracksLimit: 10 },
  responseCache: {
    /**
     * Writes made through this process (plays) invalidate at once; an ingest running in another
     * process is seen after at most this long.
     */
    ttlMs: 2000,
    /** Bounds memory: one entry per screen (home + every album/artist/track visited). */
    maxEntries: 2000,
  },
  inlineMedia: {
    /** ~1.5 MB of manifests and inits (manifest-cache.ts): every track of a large library's recent screens. */
    capacity: 512,
    /**
     * A kept manifest checks its file (one stat) at most this often: a track folder rewritten by
     * an ingest in another process is inlined afresh after at most this long, like a screen
     * (responseCache.ttlMs).
     */
    recheckMs: 2000,
  },
  compression: {
    /** Below ~1 KB the Brotli/gzip framing and CPU cost more than the bytes saved. */
    thresholdBytes: 1024,
    /** Quality 5 is within a few % of 11 on small JSON at a fraction of the CPU. */
    brotliQuality: 5,
  },
  plays: {
    /** A PlayRequest is ~60 bytes of JSON; anything near this is not a play report. */
    bodyLimitBytes: 1024,
    /** Per client IP: a burst of skips is fine, a loop is not. */
    rateLimit: { capacity: 20, refillPerSecond: 0.5 },
  },
  auth: {
    /** RFC 8628 example values: a code lives 10 min, the TV polls every 5 s (+5 s per slow_down). */
    deviceCodeTtlSeconds: 600,
    pollIntervalSeconds: 5,
    slowDownStepSeconds: 5,
    /** Jitter allowance: a poll this much early is still on time. */
    pollSlackMs: 500,
    accessTokenTtlSeconds: 900,
    refreshTokenTtlSeconds: 90 * 24 * 3600,
    /** A household's profiles (a TV's "Who's listening?" fits 8 tiles on one row). */
    maxProfiles: 8,
    /** Bounds the guess surface of user codes (user-codes.ts). */
    maxPendingCodes: 1000,
    /** Login: per client IP and per account login; signup: per IP. */
    loginPerIp: { capacity: 10, refillPerSecond: 1 / 6 },
    loginPerAccount: { capacity: 5, refillPerSecond: 1 / 60 },
    signupPerIp: { capacity: 5, refillPerSecond: 1 / 60 },
    /** New device codes per IP (a TV asks for one, and again after 10 min). */
    deviceAuthorizationPerIp: { capacity: 10, refillPerSecond: 1 / 30 },
    /** Polls per IP beyond the per-code interval (several TVs behind one NAT). */
    tokenPerIp: { capacity: 60, refillPerSecond: 2 },
    /** User-code look-ups (guesses): per IP, and in total across all clients (user-codes.ts). */
    linkPerIp: { capacity: 10, refillPerSecond: 10 / 60 },
    linkTotal: { capacity: 600, refillPerSecond: 1 },
  },
  hub: {
    /** Unauthenticated sockets get this long to send `auth`. */
    authDeadlineMs: 5000,
    heartbeatMs: 30_000,
    /** A consumer whose unsent bytes pass this is dropped rather than allowed to grow memory. */
    maxBufferedBytes: 1024 * 1024,
    /** Per connection: a TV sends a state every few seconds; a phone a few commands a second. */
    messageRate: { capacity: 40, refillPerSecond: 10 },
    /** Upgrades per IP (reconnect storms, floods). */
    upgradesPerIp: { capacity: 30, refillPerSecond: 1 },
  },
  party: {
    /** Join attempts per IP (names, tokens); a houseful of guests on one Wi-Fi fits. */
    joinPerIp: { capacity: 30, refillPerSecond: 1 / 2 },
    /** FAILED joins (code guesses), per IP and in total: the odds are in party/party-service.ts. */
    guessPerIp: { capacity: 10, refillPerSecond: 10 / 60 },
    /** An address's first miss in an hour draws on firstGuessTotal, its later ones on guessTotal. */
    firstMissPerIp: { capacity: 1, refillPerSecond: 1 / 3600 },
    firstGuessTotal: { capacity: 50, refillPerSecond: 1 / 20 },
    guessTotal: { capacity: 50, refillPerSecond: 1 / 20 },
    /** A guest's adds: a few at once, then one every 10 s (the pending limit bounds the rest). */
    addsPerGuest: { capacity: 3, refillPerSecond: 1 / 10 },
  },
  cors: {
    /** Chromium caps a cached preflight at 2 h (Firefox at 24 h): one OPTIONS per path per 2 h. */
    preflightMaxAgeSeconds: 7200,
  },
  cacheControl: {
    /** Home changes with every play, so clients revalidate it (cheap: 304 on an ETag match). */
    home: 'no-cache',
    /** A signed-in profile's screen: never in a shared cache, revalidated on every visit. */
    privateScreen: 'private, no-cache',
    catalogue: 'public, max-age=60',
    /** Everything under /media is content-addressed: a changed file gets a new URL. */
    media: 'public, max-age=31536000, immutable',
    appShell: 'no-cache',
    appHashedAsset: 'public, max-age=31536000, immutable',
    appOtherAsset: 'public, max-age=3600',
  },
} as const;

export type ServerDefaults = typeof SERVER_DEFAULTS;
