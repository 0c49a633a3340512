/**
 * A write that does not fit the platform's storage budget. It names the record, what it needed
 * and what was left, so the caller can decide what to drop (storage contract). The record that
 * was already stored under the key, and every other record, are untouched.
 */
export class StorageQuotaError extends Error {
  override readonly name = 'StorageQuotaError';

  constructor(
    readonly key: string,
    readonly bytesNeeded: number,
    readonly bytesLeft: number,
    readonly quotaBytes: number,
  ) {
    super(
      `storage quota: "${key}" needs ${bytesNeeded} bytes but only ${Math.max(0, bytesLeft)} of ` +
        `${quotaBytes} are left; nothing was written`,
    );
  }
}
