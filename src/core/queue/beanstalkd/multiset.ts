/**
 * The C server's `Ms`: an array set whose removal moves the last item into the hole, and
 * whose `take` walks a cursor. Both orders are visible on the wire (list-tubes order,
 * which waiting connection gets a job), so they are reproduced exactly.
 */
export class Multiset<T> {
  readonly items: T[] = [];
  private last = 0;

  get length(): number {
    return this.items.length;
  }

  append(item: T): void {
    this.items.push(item);
  }

  contains(item: T): boolean {
    return this.items.includes(item);
  }

  /** Removes one occurrence; true when it was there. */
  remove(item: T): boolean {
    const i = this.items.indexOf(item);
    if (i < 0) return false;
    this.deleteAt(i);
    return true;
  }

  take(): T | undefined {
    if (this.items.length === 0) return undefined;
    this.last %= this.items.length;
    const item = this.items[this.last];
    this.deleteAt(this.last);
    this.last += 1;
    return item;
  }

  /** Empties the set; returns the items in the order ms_clear drops them (always index 0). */
  clear(): T[] {
    const removed: T[] = [];
    while (this.items.length > 0) {
      removed.push(this.items[0] as T);
      this.deleteAt(0);
    }
    this.last = 0;
    return removed;
  }

  private deleteAt(i: number): void {
    const tail = this.items.pop() as T;
    if (i < this.items.length) this.items[i] = tail;
  }
}
