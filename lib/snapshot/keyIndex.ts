import { csvField } from '../csv/csvField.ts';
import { CsvLines } from '../csv/csvLines.ts';

/**
 * A table's records by primary key, the key being the key cells' canonical CSV text (`csvField` of each, joined
 * by commas), so that a quoted key cell is found the same way in both versions of a table. The keys are hashed
 * into typed arrays and compared only when their hashes meet, byte for byte when the key's columns lead the
 * table: a Map from key text held a string and an entry per record, 30 MB for the location quotients of every
 * year (docs/performance.md).
 */
export class KeyIndex {
  /** Distinct keys. */
  readonly size: number;
  private readonly hashes: Int32Array;
  /** Where each record's key ends in its bytes (up to 4 GiB), -1 for a key made of its cells (`keyOf`). */
  private readonly ends: Float64Array;
  /** Record index + 1 per slot, 0 for an empty one; open addressing, linear probing, at most half full. */
  private readonly slots: Int32Array;
  /** 1 for a record whose key a later record holds too: the later one stands for the key. */
  private readonly shadowed: Uint8Array;
  /** The keys of records whose key is made of their cells (a quoted key cell: a few in 10⁵), made once. */
  private readonly cellKeys = new Map<number, string>();
  private readonly at: ReadonlyArray<number | undefined>;
  private readonly leading: boolean;

  constructor(
    readonly rows: CsvLines,
    primaryKey: readonly string[],
  ) {
    this.at = primaryKey.map((k) => rows.indexOf(k));
    this.leading = this.at.every((j, n) => j === n);
    this.hashes = new Int32Array(rows.length);
    this.ends = new Float64Array(rows.length);
    this.shadowed = new Uint8Array(rows.length);
    let capacity = 16;
    while (capacity < rows.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    let size = 0;
    for (let i = 0; i < rows.length; i++) {
      const end = this.leading ? rows.leadingEnd(i, this.at.length) : -1;
      this.ends[i] = end;
      this.hashes[i] = end === -1 ? this.hashCells(i) : rows.hashLeading(i, end);
      const slot = this.slotOf(this, i);
      const held = (this.slots[slot] as number) - 1;
      if (held === -1) size++;
      else this.shadowed[held] = 1;
      this.slots[slot] = i + 1;
    }
    this.size = size;
  }

  /** Record `i`'s key text. */
  keyOf(i: number): string {
    const end = this.ends[i] as number;
    return end === -1 ? this.cellsKey(i) : this.rows.textTo(i, end);
  }

  /** Whether record `i` stands for its key: false when a later record has the same key. */
  holds(i: number): boolean {
    return this.shadowed[i] === 0;
  }

  /** The record of this table that stands for `other`'s record `j`'s key, -1 when none. */
  find(other: KeyIndex, j: number): number {
    return (this.slots[this.slotOf(other, j)] as number) - 1;
  }

  /** The slot holding `other`'s record `j`'s key, or the empty one where it would go. */
  private slotOf(other: KeyIndex, j: number): number {
    const hash = other.hashes[j] as number;
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const i = (this.slots[s] as number) - 1;
      if (i === -1 || (this.hashes[i] === hash && this.sameKey(i, other, j))) return s;
    }
  }

  private sameKey(i: number, other: KeyIndex, j: number): boolean {
    const [end, otherEnd] = [this.ends[i] as number, other.ends[j] as number];
    if (end === -1 || otherEnd === -1) return this.keyOf(i) === other.keyOf(j);
    return this.rows.sameLeading(i, end, other.rows, j, otherEnd);
  }

  private cellsKey(i: number): string {
    let key = this.cellKeys.get(i);
    if (key === undefined) {
      const cells = this.rows.cells(i);
      key = this.at.map((j) => csvField(j === undefined ? '' : (cells[j] ?? ''))).join(',');
      this.cellKeys.set(i, key);
    }
    return key;
  }

  private hashCells(i: number): number {
    return CsvLines.hashText(this.cellsKey(i));
  }
}
