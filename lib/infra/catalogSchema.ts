import { KEY } from '../model/bucketKeys.ts';
import { parquetPath } from '../snapshot/parquet.ts';
import type { Field, TableSpec } from '../snapshot/tableSpec.ts';

/**
 * The Hive type (as Glue and Athena name it) of each field type, matching the Parquet physical type the
 * snapshot writes (lib/snapshot/parquet.ts): UTF8 → string, INT32 → int, DOUBLE → double, BOOLEAN → boolean.
 * Dates are ISO text in the Parquet files (`YYYY-MM-DD`), so string here too; cast with `date(assessed_on)`.
 */
export const HIVE_TYPE: Record<Field['type'], string> = {
  string: 'string',
  integer: 'int',
  number: 'double',
  boolean: 'boolean',
  date: 'string',
};

/** The partition column every table gets: the snapshot's version id, given in the query (injected). */
export const VERSION_COLUMN = 'version';

/** Glue's limit on a column comment. */
const MAX_COMMENT = 255;

export interface GlueColumn {
  name: string;
  type: string;
  comment: string;
}

/** The Glue columns of a table, one per field in the file's order, typed by `HIVE_TYPE`. */
export function glueColumns(spec: TableSpec<never>): GlueColumn[] {
  return spec.fields.map((field) => {
    if (field.name === VERSION_COLUMN) {
      throw new Error(
        `table ${spec.name}: a field may not be named "${VERSION_COLUMN}" (the partition column)`,
      );
    }
    if (!/^[a-z][a-z0-9_]*$/.test(field.name)) {
      throw new Error(`table ${spec.name}, field ${field.name}: Glue column names are lower-case snake_case`);
    }
    const comment = field.unit ? `${field.description} [${field.unit}]` : field.description;
    if (comment.length > MAX_COMMENT) {
      throw new Error(
        `table ${spec.name}, field ${field.name}: description of ${comment.length} characters, Glue allows ${MAX_COMMENT}`,
      );
    }
    return { name: field.name, type: HIVE_TYPE[field.type], comment };
  });
}

/**
 * The key prefix of a table's Parquet folder in one version, `snapshots/<version>/parquet/<table>/`, from the
 * same functions the publisher writes with. Given `${version}`, it is Athena's `storage.location.template`.
 */
export function tableFolderKey(table: string, version: string): string {
  const file = parquetPath(table);
  return `${KEY.version(version)}${file.slice(0, file.lastIndexOf('/') + 1)}`;
}

/** The placeholder Athena replaces with the version values of a query's `WHERE version = …`. */
export const VERSION_PLACEHOLDER = `\${${VERSION_COLUMN}}`;

/**
 * A Glue database or Athena workgroup name derived from the stack's (`EuClusterPipeline` →
 * `eu_cluster_pipeline`): unique per stack in an account and region, and valid for both (lower-case letters,
 * digits and underscores).
 */
export function catalogName(stackName: string): string {
  const name = stackName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (name === '') throw new Error(`stack name "${stackName}" gives no catalog name`);
  return name;
}
