/** mulberry32: a small seeded generator, so "random" failures repeat run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Returns the given values in turn, then `rest` forever. */
export function scriptedRandom(values: number[], rest = 0.99): () => number {
  let index = 0;
  return () => values[index++] ?? rest;
}
