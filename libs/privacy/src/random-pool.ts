import { randomFillSync } from 'node:crypto';

/**
 * Cryptographically random bytes handed out in small pieces from one larger draw, so that an
 * IV per encrypted field does not cost a call into the random generator each time (the same
 * batching Node does for `randomUUID`). Each piece is copied out and never handed out twice.
 */
export class RandomPool {
  private readonly pool: Buffer;
  private offset: number;

  constructor(
    private readonly pieceSize: number,
    piecesPerDraw = 1024,
  ) {
    this.pool = Buffer.allocUnsafe(pieceSize * piecesPerDraw);
    this.offset = this.pool.length;
  }

  next(): Buffer {
    if (this.offset + this.pieceSize > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const piece = Buffer.from(this.pool.subarray(this.offset, this.offset + this.pieceSize));
    this.offset += this.pieceSize;
    return piece;
  }
}
