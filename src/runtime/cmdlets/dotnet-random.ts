// The random number generator behind Get-Random, the way PowerShell builds it
// (GetRandomCommandBase.cs PolymorphicRandomNumberGenerator): unseeded it draws bytes from a
// cryptographic source; `-SetSeed n` switches to .NET's seeded System.Random (the legacy Knuth
// subtractive generator), so `Get-Random -SetSeed 42 -Maximum 100` gives PowerShell's numbers.

import { randomFillSync } from 'node:crypto';

const INT_MAX = 2147483647;
const MSEED = 161803398;

/** .NET's seeded System.Random (Net5CompatSeedImpl / CompatPrng): PowerShell's numbers for a seed,
 *  not the engine's lab and workload generator (engine/infra/seeded-random.ts). */
export class DotNetSeededRandom {
  readonly #seedArray = new Array<number>(56).fill(0);
  #inext = 0;
  #inextp = 21;

  constructor(seed: number) {
    const subtraction = seed === -2147483648 ? INT_MAX : Math.abs(seed);
    let mj = MSEED - subtraction;
    const a = this.#seedArray;
    a[55] = mj;
    let mk = 1;
    let ii = 0;
    for (let i = 1; i < 55; i++) {
      ii += 21;
      if (ii >= 55) ii -= 55;
      a[ii] = mk;
      mk = mj - mk;
      if (mk < 0) mk += INT_MAX;
      mj = a[ii];
    }
    for (let k = 1; k < 5; k++) {
      for (let i = 1; i < 56; i++) {
        let n = i + 30;
        if (n >= 55) n -= 55;
        a[i] -= a[1 + n];
        if (a[i] < 0) a[i] += INT_MAX;
      }
    }
  }

  sample(): number {
    let inext = this.#inext + 1;
    if (inext >= 56) inext = 1;
    let inextp = this.#inextp + 1;
    if (inextp >= 56) inextp = 1;
    let r = this.#seedArray[inext] - this.#seedArray[inextp];
    if (r === INT_MAX) r--;
    if (r < 0) r += INT_MAX;
    this.#seedArray[inext] = r;
    this.#inext = inext;
    this.#inextp = inextp;
    return r;
  }

  /** Random.NextBytes: one sample per byte, its low 8 bits. */
  nextBytes(buffer: Uint8Array): void {
    for (let i = 0; i < buffer.length; i++) buffer[i] = this.sample() & 0xff;
  }
}

export class PolymorphicRandom {
  readonly #seeded: DotNetSeededRandom | null;

  constructor(seed?: number) {
    this.#seeded = seed === undefined ? null : new DotNetSeededRandom(seed);
  }

  #internalSample(): number {
    const data = new Uint8Array(4);
    if (this.#seeded) this.#seeded.nextBytes(data);
    else randomFillSync(data);
    return new DataView(data.buffer).getInt32(0, true);
  }

  /** A non-negative Int32 below Int32.MaxValue. */
  next(): number {
    let r: number;
    do r = this.#internalSample();
    while (r === INT_MAX);
    return r < 0 ? r + INT_MAX : r;
  }

  nextDouble(): number {
    return this.next() * (1.0 / INT_MAX);
  }

  /** An integer in [min, max). */
  nextInRange(min: number, max: number): number {
    const range = max - min;
    if (range <= INT_MAX) return Math.trunc(this.nextDouble() * range) + min;
    let large: number;
    do large = this.#internalSample();
    while (large === INT_MAX);
    large += INT_MAX;
    return Math.trunc(large * (1.0 / (2 * 2147483647)) * range) + min;
  }

  /** GetRandomDouble: a double in [min, max). */
  nextDoubleInRange(min: number, max: number): number {
    let diff = max - min;
    let v: number;
    do {
      const r = this.nextDouble();
      v = Number.isFinite(diff) ? min + r * diff : min + r * max - r * min;
      if (Number.isFinite(diff)) diff *= r;
    } while (v >= max);
    return v;
  }
}
