import type { ComputedTables } from '../model/tables.ts';
import { geoIndexKey, geoKey } from './tableItems.ts';

/**
 * One item per geography and version holding that geography's rows of every table, so a dashboard gets a
 * country's or region's figures in one read. Regions hold their LQs and nodes; countries their ecosystem
 * shares, cluster counts, member composition and maturity.
 */
export function resultItems(version: string, t: ComputedTables): Array<Record<string, unknown>> {
  const items = new Map<string, Record<string, unknown[]>>();
  const add = (geo: string, field: string, row: unknown) => {
    let item = items.get(geo);
    if (!item) {
      item = {};
      items.set(geo, item);
    }
    let list = item[field];
    if (!list) {
      list = [];
      item[field] = list;
    }
    list.push(row);
  };
  for (const r of t.ecosystemEmployment) add(r.geo, 'ecosystemEmployment', r);
  for (const r of t.locationQuotients) add(r.region, 'locationQuotients', r);
  for (const r of t.regionNodes) add(r.region, 'regionNodes', r);
  for (const r of t.clusterOrganisations) add(r.country, 'clusterOrganisations', r);
  for (const r of t.memberComposition) add(r.geo, 'memberComposition', r);
  for (const r of t.maturity) add(r.country, 'maturity', r);
  return [...items].map(([geo, fields]) => ({
    ...geoKey(geo, version),
    ...geoIndexKey(geo, version),
    geo,
    version,
    year: t.year,
    ...fields,
  }));
}
