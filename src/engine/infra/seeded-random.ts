// A small deterministic PRNG (mulberry32): the same seed gives the same workload and the same lab
// content on every machine, so tests and demos are repeatable.

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  fill(buf: Buffer): Buffer {
    const words = Math.floor(buf.length / 4);
    const view = new Uint32Array(words);
    for (let i = 0; i < words; i++) view[i] = this.nextU32();
    Buffer.from(view.buffer).copy(buf, 0);
    for (let i = words * 4; i < buf.length; i++) buf[i] = this.nextU32() & 0xff;
    return buf;
  }

  /** `k` distinct integers from [0, n), in random order (partial Fisher-Yates). */
  sample(n: number, k: number): number[] {
    const pool = Array.from({ length: n }, (_, i) => i);
    const count = Math.min(k, n);
    for (let i = 0; i < count; i++) {
      const j = i + this.below(n - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, count);
  }
}
