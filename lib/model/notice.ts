/** Something a reader of a snapshot should know: what was left empty or approximated, and why. */
export interface Notice {
  /** Table the notice is about, when it is about one. */
  table?: string;
  message: string;
}
