import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapInLanes } from '../../lib/stores/lanes.ts';

describe('mapInLanes', () => {
  it('gives every result in the list order, whatever order the tasks finish in', async () => {
    const delays = [30, 5, 20, 1, 10, 0, 25];
    const doubled = await mapInLanes(
      delays,
      async (ms) => {
        await sleep(ms);
        return ms * 2;
      },
      3,
    );
    expect(doubled).toEqual(delays.map((ms) => ms * 2));
  });

  it('runs at most `lanes` tasks at once, and uses them all', async () => {
    let running = 0;
    let most = 0;
    await mapInLanes(
      Array.from({ length: 20 }, (_, i) => i),
      async (i) => {
        running++;
        most = Math.max(most, running);
        await sleep(i % 3);
        running--;
      },
      4,
    );
    expect(most).toBe(4);
  });

  it('starts nothing after a failure, lets the tasks under way finish, then throws the first failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapInLanes(
      [0, 1, 2, 3, 4, 5, 6, 7],
      async (i) => {
        started.push(i);
        if (i === 1) throw new Error('disk full at 1');
        if (i === 2) {
          await sleep(5);
          throw new Error('disk full at 2');
        }
        await sleep(20);
        finished.push(i);
      },
      3,
    );
    await expect(run).rejects.toThrow('disk full at 1');
    // 0 and 2 were under way when 1 failed (2 fails later): 0 finished before the rejection, nothing after started.
    expect(started).toEqual([0, 1, 2]);
    expect(finished).toEqual([0]);
  });

  it('does nothing for no items', async () => {
    expect(await mapInLanes([], async () => 1)).toEqual([]);
  });
});
