import { describe, expect, it } from 'vitest';
import { withVisibilityRetry } from '../../shared/pipeline/withVisibilityRetry.ts';

describe('withVisibilityRetry', () => {
  it('returns at once when the first read finds the resource', async () => {
    const waits: number[] = [];
    const result = await withVisibilityRetry(async () => 'role', { sleep: async (ms) => void waits.push(ms) });
    expect(result).toBe('role');
    expect(waits).toEqual([]);
  });

  it('retries a read that finds nothing until the resource becomes visible', async () => {
    const answers = [undefined, undefined, 'role'];
    const waits: number[] = [];
    const result = await withVisibilityRetry(async () => answers.shift(), { retryDelaysMs: [10, 20, 40], sleep: async (ms) => void waits.push(ms) });
    expect(result).toBe('role');
    expect(waits).toEqual([10, 20]);
  });

  it('gives up after the last delay and reports nothing found', async () => {
    let reads = 0;
    const result = await withVisibilityRetry(async () => void reads++, { retryDelaysMs: [1, 2], sleep: async () => {} });
    expect(result).toBeUndefined();
    expect(reads).toBe(3);
  });
});
