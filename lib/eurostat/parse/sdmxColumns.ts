/**
 * Columns of Eurostat's SDMX-CSV that are not dimensions. A module of its own so that code reading only the
 * header (structure-change detection) does not carry the CSV parser.
 */
export const NON_DIMENSIONS: ReadonlySet<string> = new Set([
  'DATAFLOW',
  'STRUCTURE',
  'STRUCTURE_ID',
  'STRUCTURE_NAME',
  'ACTION',
  'LAST UPDATE',
  'TIME_PERIOD',
  'OBS_VALUE',
  'OBS_FLAG',
  'CONF_STATUS',
]);
