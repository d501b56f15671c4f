/** The formats Eurostat serves a dataset in, as the configuration names them. */
export const EUROSTAT_FORMATS = ['tsv', 'sdmx-csv', 'json-stat'] as const;
export type EurostatFormat = (typeof EUROSTAT_FORMATS)[number];
