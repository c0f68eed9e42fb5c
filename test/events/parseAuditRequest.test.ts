import { describe, expect, it } from 'vitest';
import { EventParseError } from '../../shared/events/errors.ts';
import { parseAuditRequest } from '../../shared/events/parseAuditRequest.ts';

describe('parseAuditRequest', () => {
  it.each([
    [{}, {}],
    [null, {}],
    [{ functions: ['a', 'b'] }, { functions: ['a', 'b'] }],
    [{ functions: ['a'], cursor: 'x' }, { functions: ['a'] }],
  ])('reads %j', (event, expected) => {
    expect(parseAuditRequest(event)).toEqual(expected);
  });

  it('audits a function named twice (by name and by ARN) once, in the first form given', () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api';
    expect(parseAuditRequest({ functions: ['orders-api', arn, 'reports', '123456789012:function:orders-api'] })).toEqual({
      functions: ['orders-api', 'reports'],
    });
    expect(parseAuditRequest({ functions: [arn, 'orders-api', 'orders-api:live'] })).toEqual({ functions: [arn, 'orders-api:live'] });
  });

  it.each([['../../etc/passwd'], ['a\u0000b'], ['orders\napi'], ['1 MB', 'x'.repeat(1_000_000)]])('refuses %s, a name AWS would refuse, quoting it cut and escaped', (label, long?: string) => {
    const name = long ?? label;
    const error = (() => {
      try {
        parseAuditRequest({ functions: ['ok', name] });
      } catch (e) {
        return e as Error;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(EventParseError);
    expect(error.message).toMatch(/functions\[1\] is ".*", not a Lambda function name/);
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it.each([[[]], ['all'], [{ functions: 'orders-api' }], [{ functions: [] }], [{ functions: [''] }], [{ functions: [1] }]])(
    'rejects %j',
    (event) => {
      expect(() => parseAuditRequest(event)).toThrow(EventParseError);
    },
  );
});
