import { createHash, type Hash } from 'node:crypto';

/** A running sha256 and byte count of the chunks seen so far. */
export class Digest {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;
  update(chunk: Buffer): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}
