/**
 * The decoded attachments of the last few messages whose parts were asked for. An HTML mail
 * shows its inline images as one request per cid: part, all at once; without this each would
 * parse the whole message again. Requests that arrive while the parse runs share it.
 */

/** A few messages: the one open in the viewer, and the one before it. */
const MAX_ENTRIES = 4;
/** What the decoded contents may hold in memory together (a single bigger message is not kept). */
const MAX_BYTES = 64 * 1024 * 1024;

/** Attachment contents by index in the parse's order; null where the part id did not match. */
export type Parts = ReadonlyArray<Buffer | null>;

interface Entry {
  parts: Promise<Parts>;
  /** 0 until the parse is done. */
  bytes: number;
}

export class PartCache {
  /** Map order is insertion order: the first key is the least recently used. */
  private readonly entries = new Map<number, Entry>();
  private bytes = 0;

  /** The cached parts of message `key`, or `parse()`'s, remembered while they fit. */
  get(key: number, parse: () => Promise<Parts>): Promise<Parts> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.parts;
    }
    const entry: Entry = { parts: parse(), bytes: 0 };
    this.entries.set(key, entry);
    while (this.entries.size > MAX_ENTRIES) this.deleteOldest();
    void entry.parts.then(
      (parts) => {
        // Deleted or evicted meanwhile: nothing to account for.
        if (this.entries.get(key) !== entry) return;
        entry.bytes = parts.reduce((sum, part) => sum + (part?.length ?? 0), 0);
        this.bytes += entry.bytes;
        if (entry.bytes > MAX_BYTES) this.delete(key);
        else this.evictBytes();
      },
      () => {
        // A failed parse is not remembered: the next request tries again.
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.parts;
  }

  /** The message is gone: its parts need not hold memory until they are evicted. */
  delete(key: number): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private evictBytes(): void {
    while (this.bytes > MAX_BYTES && this.entries.size > 0) this.deleteOldest();
  }

  private deleteOldest(): void {
    const oldest = this.entries.keys().next().value;
    if (oldest !== undefined) this.delete(oldest);
  }
}
