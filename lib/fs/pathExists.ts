import { stat } from 'node:fs/promises';

/** Whether something is at `path` (a file or a folder); false when it cannot be stat'ed. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
