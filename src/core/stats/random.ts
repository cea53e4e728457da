/**
 * A small seeded pseudo-random generator, so that every bootstrap or randomisation result can be
 * reproduced from the seed the report records: xoshiro128** (32-bit state words), seeded through
 * SplitMix32 so that any integer seed gives a well-mixed state. Not for cryptography.
 * Reference: D. Blackman & S. Vigna (2021), "Scrambled linear pseudorandom number generators",
 * ACM Transactions on Mathematical Software 47(4):36; the SplitMix mixer from G. L. Steele, D. Lea &
 * C. H. Flood (2014), OOPSLA, "Fast splittable pseudorandom number generators".
 */
export interface Random {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n), without modulo bias (rejection of the short last block). */
  below(n: number): number;
}

export function seededRandom(seed: number): Random {
  let x = seed >>> 0;
  const splitmix = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = new Uint32Array([splitmix(), splitmix(), splitmix(), splitmix()]);
  const rotl = (v: number, k: number) => ((v << k) | (v >>> (32 - k))) >>> 0;
  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  };
  const below = (n: number) => {
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const v = nextUint32();
      if (v < limit) return v % n;
    }
  };
  return { nextUint32, below };
}

/**
 * Partial Fisher–Yates shuffle: moves a uniformly random choice of `k` of the items to the front, in
 * place (Knuth, TAOCP vol. 2, §3.4.2, algorithm P, stopped after k steps). The plan's random assignment
 * and the randomisation test draw with this one function, so both are the same draw.
 */
export function shuffleFirst<T>(random: Random, items: { [i: number]: T; length: number }, k: number): void {
  for (let i = 0; i < k; i++) {
    const r = i + random.below(items.length - i);
    const tmp = items[i]!;
    items[i] = items[r]!;
    items[r] = tmp;
  }
}
