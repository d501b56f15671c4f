/** A rendered figure: the SVG, its title, and the text alternative the page shows. */
export interface Figure {
  /** Unique on a page, and the file name stem: `BE-ecosystems`. */
  id: string;
  title: string;
  svg: string;
  alt: string;
}
