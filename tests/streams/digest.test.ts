import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Digest } from '../../lib/streams/digest.ts';

describe('Digest', () => {
  it('is the sha256 and byte count of everything seen, however it was chunked', () => {
    const whole = Buffer.from('geo\\TIME_PERIOD\t2019 \nDE\t1 \n');
    const digest = new Digest();
    for (let i = 0; i < whole.length; i += 5) digest.update(whole.subarray(i, i + 5));
    expect(digest.bytes).toBe(whole.length);
    expect(digest.hex()).toBe(createHash('sha256').update(whole).digest('hex'));
  });
});
