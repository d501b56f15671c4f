import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../lib/parseDocument.ts';
import { countryFigures, renderCountryPage } from '../../lib/render/countryPage.ts';
import { factsheetFromJson, factsheetJsonSchema, factsheetToJson } from '../../lib/render/inputJson.ts';
import { sampleFactsheet } from './sampleInput.ts';

const throughJson = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the factsheet input as JSON', () => {
  it("comes back through JSON text as the same input, given the snapshot's tables (every year)", async () => {
    const { input, snapshot } = await sampleFactsheet({
      policies: [{ country: 'BE', source: 'SYNTHETIC test facts', policies: [{ name: 'P', budget: ['a'] }] }],
      cooperation: [{ country: 'BE', programme: 'Euroclusters', consortia: 2, partnerCountries: ['FR'] }],
      nodeTotals: [{ country: 'BE', level: 'ecosystem', nodeCount: 3 }],
    });
    const json = parseDocument(factsheetJsonSchema, throughJson(factsheetToJson(input)), 'factsheet.json');
    expect(factsheetFromJson(json, snapshot.tables)).toEqual(input);
  });

  it('leaves the tables and the series out (the staged snapshot holds them)', async () => {
    const { input } = await sampleFactsheet();
    expect(Object.keys(factsheetToJson(input))).not.toContain('tables');
    expect(Object.keys(factsheetToJson(input))).not.toContain('series');
  });

  it('renders the same Belgian page after the round trip', async () => {
    const { input, snapshot } = await sampleFactsheet();
    const back = factsheetFromJson(throughJson(factsheetToJson(input)), snapshot.tables);
    const page = (i: typeof input) => renderCountryPage(i, 'BE', countryFigures(i, 'BE'));
    expect(page(back)).toBe(page(input));
  });

  it('is refused with the field named when a lookup is not a list of pairs', async () => {
    const { input } = await sampleFactsheet();
    const json = {
      ...throughJson(factsheetToJson(input)),
      names: { regions: { BE: 'Belgium' }, activities: [] },
    };
    expect(() => parseDocument(factsheetJsonSchema, json, 'factsheet.json')).toThrow(
      /factsheet\.json is not valid:[\s\S]*names\.regions/,
    );
  });
});
