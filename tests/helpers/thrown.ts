import { expect } from 'vitest';
import { InputError } from '../../lib/errors.ts';

/** The InputError a call throws (the test fails if it throws something else, or nothing). */
export function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}
