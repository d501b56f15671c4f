import type { Field, Scalar } from '../../snapshot/tableSpec.ts';

/** A rendered figure: the SVG, its title, the text alternative the page shows, and the numbers it draws. */
export interface Figure {
  /** Unique on a page, and the file name stem: `BE-ecosystems`. */
  id: string;
  title: string;
  svg: string;
  alt: string;
  /** The numbers behind the figure, published beside it as `<id>.csv`. */
  data: FigureData;
}

/** A figure's numbers as a table: the CSV's columns (with units, as the snapshot's tables describe theirs). */
export interface FigureData {
  fields: readonly Field[];
  rows: readonly Scalar[][];
}
