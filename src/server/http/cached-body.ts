/**
 * One serialised JSON response, with a strong ETag and its compressed variants made once.
 *
 * Each content-coding is its own representation, so each gets its own strong validator
 * (RFC 9110 §8.8.3: a strong ETag changes when the bytes on the wire change); If-None-Match uses
 * weak comparison and the decoded content is the same, so any variant's tag revalidates.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

export type BodyEncoding = 'br' | 'gzip' | 'identity';

export interface BodyVariant {
  payload: Buffer;
  etag: string;
  /** undefined for identity. */
  contentEncoding: 'br' | 'gzip' | undefined;
}

export interface CachedBodyOptions {
  thresholdBytes: number;
  brotliQuality: number;
}

const SUFFIX = { br: '-br', gzip: '-gz' } as const;

export class CachedBody {
  readonly createdAt: number;
  private readonly identity: BodyVariant;
  private readonly hash: string;
  private br: BodyVariant | undefined;
  private gzip: BodyVariant | undefined;

  constructor(
    json: string,
    private readonly options: CachedBodyOptions,
    now: number,
  ) {
    const payload = Buffer.from(json, 'utf8');
    // sha1 is a content fingerprint here, not a security boundary; 120 bits is plenty.
    this.hash = createHash('sha1').update(payload).digest('base64url').slice(0, 20);
    this.identity = { payload, etag: `"${this.hash}"`, contentEncoding: undefined };
    this.createdAt = now;
  }

  get etag(): string {
    return this.identity.etag;
  }

  /** The bytes to send for a negotiated coding; bodies under the threshold always go as is. */
  variant(encoding: BodyEncoding): BodyVariant {
    if (encoding === 'identity' || this.identity.payload.length < this.options.thresholdBytes) {
      return this.identity;
    }
    if (encoding === 'br') {
      this.br ??= this.encode('br', (b) =>
        zlib.brotliCompressSync(b, {
          params: {
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_QUALITY]: this.options.brotliQuality,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length,
          },
        }),
      );
      return this.br;
    }
    this.gzip ??= this.encode('gzip', (b) => zlib.gzipSync(b));
    return this.gzip;
  }

  /** If-None-Match (weak comparison, RFC 9110 §13.1.2): `*`, or any listed tag of ours. */
  matches(ifNoneMatch: string | undefined): boolean {
    if (!ifNoneMatch) return false;
    if (ifNoneMatch.trim() === '*') return true;
    for (const raw of ifNoneMatch.split(',')) {
      const tag = raw.trim().replace(/^W\//, '');
      if (
        tag === this.identity.etag ||
        tag === `"${this.hash}${SUFFIX.br}"` ||
        tag === `"${this.hash}${SUFFIX.gzip}"`
      ) {
        return true;
      }
    }
    return false;
  }

  private encode(coding: 'br' | 'gzip', fn: (b: Buffer) => Buffer): BodyVariant {
    return {
      payload: fn(this.identity.payload),
      etag: `"${this.hash}${SUFFIX[coding]}"`,
      contentEncoding: coding,
    };
  }
}
