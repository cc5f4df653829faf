/** 32-bit FNV-1a hash of a string, finished with a murmur3 avalanche so every bit depends on every char. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A feature hashed into a vector slot with a sign (signed hashing keeps collisions unbiased). */
export interface HashedSlot {
  index: number;
  sign: 1 | -1;
}

/** Maps a feature name to a slot of a `dimension`-long vector. */
export function hashedSlot(feature: string, dimension: number): HashedSlot {
  const hash = hashString(feature);
  return { index: (hash >>> 1) % dimension, sign: (hash & 1) === 0 ? 1 : -1 };
}
