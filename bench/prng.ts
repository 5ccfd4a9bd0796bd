// A small seeded PRNG (mulberry32) and the sampling helpers the generator
// and the load driver use. Deterministic: the same seed gives the same data
// and the same request sequence on every machine.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index drawn with probability proportional to weights[i]. */
  weightedIndex(weights: readonly number[], total?: number): number {
    const sum = total ?? weights.reduce((a, b) => a + b, 0);
    let r = this.next() * sum;
    for (let i = 0; i < weights.length; i += 1) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Rank in [0, n) with Zipf-like probability ∝ 1 / (rank + 1)^s. */
  zipf(n: number, s = 1): number {
    const cumulative = zipfCumulative(n, s);
    const target = this.next() * (cumulative[n - 1] ?? 0);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const zipfCache = new Map<string, number[]>();

/** Running sums of the Zipf weights 1 / (i + 1)^s, cached per (n, s). */
function zipfCumulative(n: number, s: number): number[] {
  const key = `${n}:${s}`;
  let cumulative = zipfCache.get(key);
  if (!cumulative) {
    let sum = 0;
    cumulative = Array.from({ length: n }, (_, i) => {
      sum += 1 / (i + 1) ** s;
      return sum;
    });
    zipfCache.set(key, cumulative);
  }
  return cumulative;
}

/**
 * Weighted choice among a growing population in O(log n): a Fenwick tree of
 * weights, for preferential attachment (the more talks a speaker gave, the
 * likelier another).
 */
export class WeightedPool {
  private tree: number[] = [0];
  private weights: number[] = [];

  get size(): number {
    return this.weights.length;
  }

  /** Adds an item with a weight; returns its index. */
  add(weight: number): number {
    const index = this.weights.length;
    this.weights.push(0);
    // Grow the tree: recompute the new node from its children.
    const node = index + 1;
    let value = 0;
    const lowbit = node & -node;
    for (let child = node - 1; child > node - lowbit; child -= child & -child) value += this.tree[child] ?? 0;
    this.tree.push(value);
    this.increase(index, weight);
    return index;
  }

  increase(index: number, delta: number): void {
    this.weights[index] = (this.weights[index] ?? 0) + delta;
    for (let node = index + 1; node < this.tree.length; node += node & -node) {
      this.tree[node] = (this.tree[node] ?? 0) + delta;
    }
  }

  total(): number {
    let sum = 0;
    for (let node = this.tree.length - 1; node > 0; node -= node & -node) sum += this.tree[node] ?? 0;
    return sum;
  }

  /** An index drawn with probability ∝ its weight. */
  draw(random: Random): number {
    let target = random.next() * this.total();
    let position = 0;
    let step = 1;
    while (step * 2 < this.tree.length) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = position + step;
      if (next < this.tree.length && (this.tree[next] ?? 0) <= target) {
        position = next;
        target -= this.tree[next] ?? 0;
      }
    }
    return Math.min(position, this.weights.length - 1);
  }
}
