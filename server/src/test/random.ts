/**
 * A deterministic pseudo-random sequence in [0, 1) (mulberry32): tests and benchmarks draw the same
 * dates and counts on every run, so a failure or a figure can be reproduced.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
