import { EMPTY_ROOT, hashChildren } from './hashes';

/** A perfect subtree completed by an append: `2^level` leaves from leaf `index * 2^level`. */
export interface CompletedNode {
  level: number;
  index: number;
  hash: Buffer;
}

/**
 * The right edge of an RFC 9162 tree grown from leaf 0: one perfect subtree per set bit of the
 * size, largest first. An append costs O(log n) hashes amortised (one on average) and the root
 * is their right-to-left fold, which is what MTH's split at the largest power of two yields.
 */
export class Frontier {
  private constructor(
    private readonly levels: number[],
    private readonly hashes: Buffer[],
    private count: number,
  ) {}

  static empty(): Frontier {
    return new Frontier([], [], 0);
  }

  /** Restores the frontier of a tree of `size` leaves from its stored perfect subtrees. */
  static load(size: number, perfect: (level: number, index: number) => Buffer): Frontier {
    const levels: number[] = [];
    const hashes: Buffer[] = [];
    let start = 0;
    // From the highest level a safe integer can reach: no floating-point log2 to trust.
    for (let level = 53; level >= 0; level--) {
      const width = 2 ** level;
      if (start + width <= size) {
        levels.push(level);
        hashes.push(perfect(level, start / width));
        start += width;
      }
    }
    return new Frontier(levels, hashes, size);
  }

  get size(): number {
    return this.count;
  }

  clone(): Frontier {
    return new Frontier([...this.levels], [...this.hashes], this.count);
  }

  /** Adds a leaf; pushes the perfect subtrees (level ≥ 1) it completed onto `completed`. */
  append(leafHash: Buffer, completed?: CompletedNode[]): void {
    this.levels.push(0);
    this.hashes.push(leafHash);
    this.count += 1;
    let top = this.levels.length - 1;
    while (top > 0 && this.levels[top - 1] === this.levels[top]) {
      const level = this.levels[top] + 1;
      const hash = hashChildren(this.hashes[top - 1], this.hashes[top]);
      this.levels.length = top;
      this.hashes.length = top;
      this.levels[top - 1] = level;
      this.hashes[top - 1] = hash;
      top -= 1;
      completed?.push({ level, index: this.count / 2 ** level - 1, hash });
    }
  }

  /** MTH of the whole tree. */
  root(): Buffer {
    if (this.hashes.length === 0) return EMPTY_ROOT;
    let root = this.hashes[this.hashes.length - 1];
    for (let i = this.hashes.length - 2; i >= 0; i--) root = hashChildren(this.hashes[i], root);
    return root;
  }
}
