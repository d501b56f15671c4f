import { configInput, type RefreshInputs } from '../model/rawInput.ts';
import { canonicalJson } from '../snapshot/hashing.ts';

/**
 * `--year N`, the shorthand for a one-year range: the inputs with the configuration's `years` set to N, and the
 * configuration input recorded as that configuration (its canonical JSON). So the year is in the fingerprint
 * (a one-year run is not "unchanged" against an every-year version of the same files) and in the archive
 * (`eucluster rebuild` recomputes the one year).
 */
export function withOneYear(inputs: RefreshInputs, year: number): RefreshInputs {
  const config = { ...inputs.config, years: year };
  return {
    ...inputs,
    config,
    configInput: configInput(canonicalJson(config), `${inputs.configInput.path} (--year ${year})`),
  };
}
