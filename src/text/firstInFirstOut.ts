/**
 * A map that keeps at most `capacity` entries, dropping the one added first (a hit costs one lookup): the
 * bounded caches of retrieval (snapshot lines and name vectors read when used, per-table data derived when
 * used) and of the semantic lookup (the readings of the last texts), whose memory must not grow with the
 * catalog or the traffic.
 */
export class FirstInFirstOut<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  set(key: K, value: V): void {
    if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }
  get size(): number {
    return this.map.size;
  }
}
