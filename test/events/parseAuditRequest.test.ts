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

  it.each([[[]], ['all'], [{ functions: 'orders-api' }], [{ functions: [] }], [{ functions: [''] }], [{ functions: [1] }]])(
    'rejects %j',
    (event) => {
      expect(() => parseAuditRequest(event)).toThrow(EventParseError);
    },
  );
});
