/**
 * A binary min-heap that tells each item its position, so an item can be removed from the
 * middle in O(log n) (a job leaving the ready heap on delete, a connection rescheduled).
 * Sift order follows heap.c so ties resolve as in the C server.
 */
export class IndexedHeap<T> {
  readonly data: T[] = [];

  constructor(
    private readonly less: (a: T, b: T) => boolean,
    private readonly setPos: (item: T, pos: number) => void,
  ) {}

  get length(): number {
    return this.data.length;
  }

  peek(): T | undefined {
    return this.data[0];
  }

  insert(item: T): void {
    const k = this.data.length;
    this.data.push(item);
    this.setPos(item, k);
    this.bubbleUp(k);
  }

  removeAt(k: number): T | undefined {
    const len = this.data.length;
    if (k < 0 || k >= len) return undefined;
    const item = this.data[k] as T;
    const tail = this.data.pop() as T;
    if (k < len - 1) {
      this.set(k, tail);
      this.bubbleUp(k);
      this.sinkDown(k);
    }
    this.setPos(item, -1);
    return item;
  }

  private set(k: number, item: T): void {
    this.data[k] = item;
    this.setPos(item, k);
  }

  private swap(a: number, b: number): void {
    const tmp = this.data[a] as T;
    this.set(a, this.data[b] as T);
    this.set(b, tmp);
  }

  private lessAt(a: number, b: number): boolean {
    return this.less(this.data[a] as T, this.data[b] as T);
  }

  private bubbleUp(start: number): void {
    let k = start;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (this.lessAt(p, k)) return;
      this.swap(k, p);
      k = p;
    }
  }

  private sinkDown(start: number): void {
    let k = start;
    const len = this.data.length;
    for (;;) {
      const l = k * 2 + 1;
      const r = l + 1;
      let s = k;
      if (l < len && this.lessAt(l, s)) s = l;
      if (r < len && this.lessAt(r, s)) s = r;
      if (s === k) return;
      this.swap(k, s);
      k = s;
    }
  }
}
