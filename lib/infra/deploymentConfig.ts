import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'constructs';
import { type Configuration, parseConfig } from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';

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
export function loadDeploymentConfig(node: Node, cwd = process.cwd()): Configuration {
  const inline: unknown = node.tryGetContext(CONFIG_CONTEXT);
  if (inline !== undefined) {
    const where = `context "${CONFIG_CONTEXT}"`;
    return parseConfig(typeof inline === 'string' ? parseJson(inline, where) : inline, where);
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
  return parseConfig(parseJson(text, file), file);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${where}: not valid JSON (${(error as Error).message})`);
  }
}
