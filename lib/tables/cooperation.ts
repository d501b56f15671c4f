import { type CooperationRow, cooperation } from '../cooperation/cooperation.ts';
import type { ParsedInputs } from '../model/computedTables.ts';
import type { TableResult } from './result.ts';

/** Factsheet section 3: cross-regional cooperation per country, from the consortia input when there is one. */
export function cooperationTable(inputs: Pick<ParsedInputs, 'consortia'>): TableResult<CooperationRow> {
  const { consortia } = inputs;
  if (consortia === undefined) {
    return {
      rows: [],
      notices: [
        { table: 'cooperation', message: 'no eccp/consortia.(csv|json) in the input: cooperation is empty' },
      ],
    };
  }
  const synthetic = consortia.filter((c) => c.synthetic).length;
  return {
    rows: cooperation(consortia),
    notices:
      synthetic > 0
        ? [
            {
              table: 'cooperation',
              message: `${synthetic} of ${consortia.length} consortia are SYNTHETIC: those counts are not the ECCP's`,
            },
          ]
        : [],
  };
}
