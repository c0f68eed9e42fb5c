import { describe, expect, it } from 'vitest';
import { remembered } from '../../shared/pipeline/createHandlerRuntime.ts';

describe('remembered (the enabled regions, once per container per hour)', () => {
  it('asks once within the time, again after it', async () => {
    let clock = 0;
    let calls = 0;
    const regions = remembered(1_000, async () => [`r${++calls}`], () => clock);
    expect(await regions()).toEqual(['r1']);
    clock = 999;
    expect(await regions()).toEqual(['r1']);
    clock = 1_000;
    expect(await regions()).toEqual(['r2']);
    expect(calls).toBe(2);
  });

  it('never remembers a failure', async () => {
    let calls = 0;
    const regions = remembered(1_000, async () => {
      calls++;
      if (calls === 1) throw new Error('AccessDenied');
      return ['eu-west-1'];
    }, () => 0);
    await expect(regions()).rejects.toThrow('AccessDenied');
    expect(await regions()).toEqual(['eu-west-1']);
    expect(calls).toBe(2);
  });
});
