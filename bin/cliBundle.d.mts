// Types of bin/cliBundle.mjs (plain JavaScript, so that the launcher starts without transpiling).
export function sourceStamp(root: string): string;
export function cliBundle(root: string, log?: (line: string) => void): string | null;
