/**
 * A map that keeps at most `capacity` entries, dropping the one added first (a hit costs one lookup): the
 * bounded caches of retrieval (snapshot lines and name vectors read when used, per-table data derived when
 * used) and of the semantic lookup (the readings of the last texts), whose memory must not grow with the
 * catalog or the traffic.
 *
 * The keys are kept in the order added in a ring, so dropping the oldest costs one step: finding it as the
 * first key of the map (`map.keys().next()`) skips every entry deleted since the map was last compacted, a
 * scan over a good part of the capacity for each entry added to a full cache.
 */
export class FirstInFirstOut<K, V> {
  private readonly map = new Map<K, V>();
  /** The keys held, in the order added, as a ring once full: `order[oldest]` is the next to go. */
  private readonly order: K[] = [];
  private oldest = 0;

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Sets the value of a key; a new key past the capacity drops the key added first. */
  set(key: K, value: V): void {
    if (this.map.has(key)) {
      this.map.set(key, value);
      return;
    }
    if (this.capacity <= 0) return;
    if (this.order.length < this.capacity) {
      this.order.push(key);
    } else {
      this.map.delete(this.order[this.oldest]);
      this.order[this.oldest] = key;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }
}
