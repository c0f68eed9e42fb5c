import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coversAction, normalizeStatements } from '../../shared/policy/normalizeStatements.ts';
import { serviceIdOfAction, statementsMayCover } from '../../shared/policy/statementsMayCover.ts';
import type { PolicyDocument, PolicyStatement } from '../../shared/policy/index.ts';

const ACTIONS = ['s3:GetObject', 'S3:Get*', 's3:*', 's3*', '*', 'iam:PassRole', 'iam:*Role', 'IAM:pass?ole', 'logs:PutLogEvents', '*:GetObject', 'ec2:Describe*', 'noservice'];
const ASKED = ['s3:getobject', 's3:putobject', 'iam:passrole', 'logs:putlogevents', 'ec2:describevpcs', 's3express:createsession', 'noservice', 'other:thing'];

const statement = fc.record({
  Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
  actions: fc.array(fc.constantFrom(...ACTIONS), { maxLength: 3 }),
  not: fc.boolean(),
});

describe('statementsMayCover', () => {
  it('returns, in document order, every statement whose Action or NotAction covers the action', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 8 }), fc.constantFrom(...ASKED), (shapes, action) => {
        const doc: PolicyDocument = {
          Version: '2012-10-17',
          Statement: shapes.map((s): PolicyStatement => ({ Effect: s.Effect, ...(s.not ? { NotAction: s.actions } : { Action: s.actions }), Resource: '*' })),
        };
        const candidates = statementsMayCover(doc, serviceIdOfAction(action));
        const covering = normalizeStatements(doc).filter((s) => coversAction(s, action));
        expect(candidates.filter((s) => coversAction(s, action))).toEqual(covering);
        // Document order, no statement twice.
        expect(candidates.map((s) => s.index)).toEqual([...new Set(candidates.map((s) => s.index))].sort((a, b) => a - b));
      }),
      { seed: 20261206, numRuns: 500 },
    );
  });

  it('leaves out statements confined to other services', () => {
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
        { Effect: 'Allow', Action: ['logs:PutLogEvents', 'S3:Put*'], Resource: '*' },
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
      ],
    };
    expect(statementsMayCover(doc, serviceIdOfAction('s3:putobject')).map((s) => s.index)).toEqual([0, 1, 2]);
    expect(statementsMayCover(doc, serviceIdOfAction('iam:passrole')).map((s) => s.index)).toEqual([1, 3]);
    expect(statementsMayCover(doc, serviceIdOfAction('kms:decrypt')).map((s) => s.index)).toEqual([1]);
  });
});
