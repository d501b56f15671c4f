import { KEY, PREFIX } from '../model/bucketKeys.ts';
import type { StepName } from './timeBudgets.ts';

/**
 * What each workflow step may do, and why: the one table from which StepHandlers derives both the statements
 * of each step's role and the cdk-nag acknowledgements of their wildcards, so a grant and its reason sit
 * together. Data only (no CDK): a new access is a new row here, with its reason.
 */
export type StepGrant =
  /** Object actions on every key below `prefix` (a wildcard resource: `why` is its cdk-nag acknowledgement). */
  | { readonly objects: readonly S3ObjectAction[]; readonly prefix: string; readonly why: string }
  /** Object actions on these exact keys only (no wildcard, nothing to acknowledge). */
  | { readonly objects: readonly S3ObjectAction[]; readonly keys: readonly string[]; readonly why: string }
  /** `s3:ListBucket` on the bucket, only for listings of keys below `prefix` (an `s3:prefix` condition). */
  | { readonly listUnder: string; readonly why: string }
  /** Item actions on the pipeline's table (its base table: the steps never query an index). */
  | { readonly table: readonly DynamoAction[]; readonly why: string };

type S3ObjectAction = 'GetObject' | 'PutObject' | 'DeleteObject' | 'AbortMultipartUpload';
type DynamoAction = 'GetItem' | 'PutItem' | 'Query' | 'BatchWriteItem' | 'ConditionCheckItem';

/** Statements are added in this order (the synthesized, minimized policies depend on it). */
export const STEP_GRANTS: Readonly<Record<StepName, readonly StepGrant[]>> = {
  check: [
    {
      table: ['GetItem', 'PutItem', 'Query'],
      why:
        "Takes the run lease (a conditional put), reads each source's state, writes the run ledger, and " +
        'reads the pointer and the snapshot items (Query) to repair latest.json and index.json.',
    },
    {
      listUnder: PREFIX.inputs,
      why: 'Lists the inbox to fingerprint it: a changed listing means a new run.',
    },
    {
      objects: ['GetObject', 'PutObject'],
      keys: [KEY.index, KEY.latest],
      why: 'Rewrites index.json and latest.json from the table where a killed publication left them behind.',
    },
    {
      listUnder: KEY.index,
      why: 'Whether index.json exists: a listing of its exact key (a GET of a missing key answers 403).',
    },
    {
      listUnder: KEY.latest,
      why: 'Whether latest.json exists: a listing of its exact key (a GET of a missing key answers 403).',
    },
  ],
  fetch: [
    {
      objects: ['GetObject'],
      prefix: PREFIX.inputs,
      why:
        'Reads the files a person drops under inbox/ (ECCP list, policy facts, mapping), whose names are not ' +
        'known when deploying; read only, and only below inbox/.',
    },
    { listUnder: PREFIX.inputs, why: 'Lists the inbox to find the files to archive.' },
    {
      objects: ['PutObject', 'GetObject'],
      prefix: PREFIX.raw,
      why:
        'Writes raw source bytes under content-addressed keys (raw/<source>/<hash>), known only once fetched, ' +
        'and reads a download back for the structure check; only below raw/.',
    },
    {
      objects: ['DeleteObject', 'AbortMultipartUpload'],
      prefix: KEY.rawTmp,
      why:
        'Deletes (or aborts the multipart upload of) the temporary object a streamed download is written ' +
        'to before it is copied to its content-addressed key; only below raw/tmp/.',
    },
    {
      listUnder: PREFIX.raw,
      why: 'Whether a content-addressed object is already stored: a listing of its exact key (no 403 on a miss).',
    },
    { table: ['GetItem', 'PutItem'], why: "Reads and writes the source's state item." },
  ],
  compute: [
    {
      objects: ['GetObject'],
      prefix: PREFIX.raw,
      why:
        'Reads the raw objects named in the fetch results (content-addressed keys below raw/, known only at ' +
        'run time); read only.',
    },
    {
      objects: ['GetObject'],
      prefix: PREFIX.snapshots,
      why:
        'Reads the files of the previous published version (snapshots/<version>/, known only at run time) to ' +
        'write the change history (changes.json); read only.',
    },
    {
      objects: ['PutObject'],
      prefix: PREFIX.staging,
      why:
        'Writes the staged snapshot below staging/<version>/, the version being computed at run time; write ' +
        'only, and only below staging/.',
    },
    {
      table: ['GetItem', 'PutItem'],
      why: 'Reads the latest pointer and writes the run ledger item of an unchanged run.',
    },
  ],
  render: [
    {
      objects: ['GetObject', 'PutObject'],
      prefix: PREFIX.staging,
      why:
        'Reads the staged snapshot of the version being rendered and writes its pages, figures and ' +
        'manifest below staging/<version>/, the version known only at run time; only below staging/.',
    },
  ],
  publish: [
    {
      objects: ['GetObject', 'DeleteObject'],
      prefix: PREFIX.staging,
      why:
        'Reads and then deletes the staged files of the version being published (staging/<version>/, known ' +
        'only at run time).',
    },
    { listUnder: PREFIX.staging, why: 'Lists the staged files to delete them once published.' },
    {
      objects: ['GetObject', 'PutObject', 'DeleteObject'],
      prefix: PREFIX.snapshots,
      why:
        'Writes the new version below snapshots/<version>/ (known only at run time), rewrites ' +
        'snapshots/latest.json and index.json, and removes its own files there when another run published ' +
        'first; overwritten or deleted objects stay recoverable through bucket versioning.',
    },
    {
      listUnder: PREFIX.snapshots,
      why: 'Lists the files a run that lost the pointer race wrote under snapshots/<version>/, to remove them.',
    },
    {
      // A transaction is no IAM action of its own: each item in it needs its action (Put → PutItem,
      // ConditionCheck → ConditionCheckItem).
      table: ['GetItem', 'PutItem', 'BatchWriteItem', 'ConditionCheckItem', 'Query'],
      why:
        'Flips the latest pointer with the version item in one transaction, writes the result items, and ' +
        'rebuilds index.json from a Query of the snapshot items.',
    },
  ],
};

/** Acknowledgements every step's function and role share (no grant of their own: CDK adds them). */
export const EVERY_STEP = {
  role: {
    'AwsSolutions-IAM5[Resource::*]':
      'X-Ray: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level ' +
      'permissions, so active tracing needs Resource "*".',
  },
  function: {
    'Serverless-LambdaDLQ':
      'Invoked synchronously by Step Functions only (never asynchronously): a failure returns to the ' +
      'state machine, which retries and records it in the table; the ExecutionFailures rule reports it. ' +
      'A dead-letter queue applies to asynchronous invocations.',
  },
} as const;
