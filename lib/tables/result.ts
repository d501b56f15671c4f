import type { Notice } from '../model/notice.ts';

/** What each table's function returns: its rows and what a reader should know about them. */
export interface TableResult<R> {
  rows: R[];
  notices: Notice[];
}
