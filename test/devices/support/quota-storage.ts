/**
 * An in-memory `Storage` with a byte cap, counting entries as WebKit and Chromium do
 * ((key + value) UTF-16 code units × 2). Past the cap `setItem` throws a QuotaExceededError
 * DOMException and keeps the old value, as the HTML Standard requires.
 */
export class QuotaStorage implements Storage {
  private readonly items = new Map<string, string>();

  constructor(private readonly quotaBytes: number) {}

  get length(): number {
    return this.items.size;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    return this.items.get(String(key)) ?? null;
  }

  setItem(key: string, value: string): void {
    const k = String(key);
    const v = String(value);
    const old = this.items.get(k);
    const used = this.usedBytes() - (old === undefined ? 0 : (k.length + old.length) * 2);
    if (used + (k.length + v.length) * 2 > this.quotaBytes) {
      throw new DOMException(`quota of ${this.quotaBytes} bytes exceeded`, 'QuotaExceededError');
    }
    this.items.set(k, v);
  }

  removeItem(key: string): void {
    this.items.delete(String(key));
  }

  clear(): void {
    this.items.clear();
  }

  usedBytes(): number {
    let total = 0;
    for (const [k, v] of this.items) total += (k.length + v.length) * 2;
    return total;
  }

  [name: string]: unknown;
}
