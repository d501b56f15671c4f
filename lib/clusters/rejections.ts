import { InputError } from '../errors.ts';
import type { Notice } from '../model/notice.ts';
import { type ClusterOrganisationsRead, formatRejection, type RowRejection } from './parse.ts';

/** Rejections listed in the error of a failed run. */
export const REJECTIONS_IN_ERROR = 10;
/** Rejections listed one by one in the notices of a run that goes on; the rest are counted. */
export const REJECTIONS_IN_NOTICES = 20;

/** What the run keeps of the reading for its report. */
export interface RejectionReport {
  file: string;
  total: number;
  rejections: readonly RowRejection[];
  maxRejectedShare: number;
}

const percent = (share: number) => `${Number((share * 100).toFixed(2))} %`;

/**
 * Stops the run when more than `maxRejectedShare` of the rows were rejected (exactly at the limit passes).
 * The error says how many, the share and the limit, lists the first rejections and says how to fix it.
 */
export function enforceRejectedShare(read: ClusterOrganisationsRead, maxRejectedShare: number): void {
  const rejected = read.rejections.length;
  const share = read.total === 0 ? 0 : rejected / read.total;
  if (share <= maxRejectedShare) return;
  const listed = read.rejections.slice(0, REJECTIONS_IN_ERROR).map((r) => `  ${formatRejection(r)}`);
  const more = rejected - listed.length;
  throw new InputError(
    { file: read.file },
    `${rejected} of ${read.total} rows were rejected (${percent(share)}), more than eccp.maxRejectedShare ` +
      `allows (${maxRejectedShare} = ${percent(maxRejectedShare)})`,
    `${rejected > listed.length ? `The first ${listed.length}` : 'They are'}:\n${listed.join('\n')}\n` +
      `${more > 0 ? `  … and ${more} more\n` : ''}` +
      'Correct these rows in the file, or raise eccp.maxRejectedShare in pipeline.config.json to accept them',
  );
}

/**
 * The rejections of a run that goes on, as notices on `cluster_organisations`: a summary, the first
 * REJECTIONS_IN_NOTICES one by one, then how many more.
 */
export function rejectionNotices(report: RejectionReport): Notice[] {
  const n = report.rejections.length;
  if (n === 0) return [];
  const table = 'cluster_organisations';
  const notices: Notice[] = [
    {
      table,
      message:
        `${n} of ${report.total} rows of ${report.file} were rejected (${percent(n / report.total)}, limit ` +
        `${percent(report.maxRejectedShare)}) and left out of cluster_organisations and member_composition`,
    },
  ];
  for (const r of report.rejections.slice(0, REJECTIONS_IN_NOTICES))
    notices.push({ table, message: `rejected ${formatRejection(r)}` });
  if (n > REJECTIONS_IN_NOTICES)
    notices.push({ table, message: `… and ${n - REJECTIONS_IN_NOTICES} more rejected rows` });
  return notices;
}
