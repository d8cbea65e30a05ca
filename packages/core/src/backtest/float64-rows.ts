const INITIAL_ROWS = 1024;

/**
 * An append-only table of numbers, `width` per row, in one growing Float64Array: a run's fills
 * and round trips are kept as rows here rather than as an object (and a boxed number per field)
 * each, which the garbage collector would otherwise copy through the young generation.
 */
export class Float64Rows {
  readonly width: number;
  /** Row `r`'s field `f` is `data[r * width + f]`; read it only below `length` rows. */
  data: Float64Array;
  private count = 0;

  constructor(width: number) {
    this.width = width;
    this.data = new Float64Array(width * INITIAL_ROWS);
  }

  get length(): number {
    return this.count;
  }

  /** Appends a row (zeros) and returns the offset of its first field in `data`. */
  append(): number {
    const offset = this.count * this.width;
    if (offset + this.width > this.data.length) {
      const data = new Float64Array(this.data.length * 2);
      data.set(this.data);
      this.data = data;
    }
    this.count += 1;
    return offset;
  }

  /** Offset of row `row`'s first field; throws outside the table. */
  offsetOf(row: number): number {
    if (!(row >= 0 && row < this.count)) throw new RangeError(`row ${row} of ${this.count}`);
    return row * this.width;
  }
}
