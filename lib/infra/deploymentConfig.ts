import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'constructs';
import { type Configuration, type DatasetSource, parseConfig } from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';
import { parseJsonText } from '../jsonText.ts';

/** Context key holding the configuration document itself (an object, or its JSON text from `-c`). */
export const CONFIG_CONTEXT = 'eucluster:config';
/** Context key naming a configuration file, relative to the working directory. */
export const CONFIG_FILE_CONTEXT = 'eucluster:configFile';
export const DEFAULT_CONFIG_FILE = 'data/sample/pipeline.config.json';

/**
 * The configuration the stack deploys: the document in context `eucluster:config` if present, else the file
 * named by context `eucluster:configFile` (default `data/sample/pipeline.config.json`), validated by the
 * same `parseConfig` the CLI uses.
 */
export function loadDeploymentConfig(
  node: Node,
  cwd = process.cwd(),
  /** Where the one line on what the deployment leaves out goes (synth prints it). */
  say: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Configuration {
  const inline: unknown = node.tryGetContext(CONFIG_CONTEXT);
  if (inline !== undefined) {
    const where = `context "${CONFIG_CONTEXT}"`;
    return forDeployment(
      parseConfig(typeof inline === 'string' ? parseJson(inline, where) : inline, where),
      where,
      say,
    );
  }
  const file = String(node.tryGetContext(CONFIG_FILE_CONTEXT) ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot read the configuration (${(error as Error).message}). ` +
        `Name another file with -c ${CONFIG_FILE_CONTEXT}=<path> or put the document in context "${CONFIG_CONTEXT}".`,
    );
  }
  return forDeployment(parseConfig(parseJson(text, file), file), file, say);
}

/**
 * The deployed workflow fetches every Eurostat source from the API: a `file` entry (a local file for the CLI)
 * means nothing there, so it is dropped — and said, in one line, so nobody believes the file is deployed.
 */
export function forDeployment(
  config: Configuration,
  where: string,
  say: (line: string) => void,
): Configuration {
  const sources: Record<string, DatasetSource> = {};
  const dropped: string[] = [];
  for (const [role, source] of Object.entries(config.sources) as Array<[string, DatasetSource | undefined]>) {
    if (!source) continue;
    const { file, ...rest } = source;
    if (file !== undefined) dropped.push(`sources.${role}.file (${file})`);
    sources[role] = rest;
  }
  if (dropped.length > 0)
    say(`${where}: the deployment fetches every source from the Eurostat API; dropped ${dropped.join(', ')}`);
  return { ...config, sources: sources as Configuration['sources'] };
}

/** The CLI's JSON reader: duplicate keys refused (JSON.parse lets the last one win), a BOM allowed. */
function parseJson(text: string, where: string): unknown {
  try {
    return parseJsonText(text, where);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}
