/**
 * A per-key token bucket held in memory: `capacity` requests at once, refilled at
 * `refillPerSecond`. Good for one BFF process; a scaled-out deployment moves this to Redis.
 * No timers: idle buckets are swept lazily when the table grows, so nothing needs stopping.
 */
export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Bounds memory under a spray of source addresses. */
  maxKeys?: number;
  now?: () => number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole seconds until one token is back (for Retry-After); 0 when allowed. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  take(key: string): TakeResult {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      bucket = { tokens: this.options.capacity, updatedAt: now };
      this.buckets.set(key, bucket);
    } else {
      this.refill(bucket, now);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const wait = (1 - bucket.tokens) / this.options.refillPerSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
  }

  /** Whether `take` would allow one now, without spending it (a budget spent only on failure). */
  peek(key: string): boolean {
    const bucket = this.buckets.get(key);
    if (!bucket) return true;
    this.refill(bucket, this.now());
    return bucket.tokens >= 1;
  }

  /** The key is gone for good (a closed connection): its bucket goes now, not at a sweep. */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  destroy(): void {
    this.buckets.clear();
  }

  private refill(bucket: Bucket, now: number): void {
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    const { capacity, refillPerSecond } = this.options;
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * refillPerSecond);
    bucket.updatedAt = now;
  }

  /** Drops buckets that have refilled (indistinguishable from new); else the oldest half. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      this.refill(bucket, now);
      if (bucket.tokens >= this.options.capacity) this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxKeys) {
      let drop = Math.ceil(this.buckets.size / 2);
      for (const key of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}
