import { describe, expect, it } from 'vitest';
import {
  evaluateIdentityPolicies,
  isAllowedUnlessConditionalDeny,
  isGuaranteedAllowed,
} from '../../shared/policy/index.ts';
import type { PolicyDocument, PolicySource } from '../../shared/policy/index.ts';

const A = '111122223333';
const src = (name: string, document: PolicyDocument, kind: PolicySource['kind'] = 'inline', arn?: string): PolicySource => ({
  name,
  kind,
  document,
  ...(arn ? { arn } : {}),
});
const admin = src('AdministratorAccess', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'aws-managed', 'arn:aws:iam::aws:policy/AdministratorAccess');
const mfaDeny = src('mfa', {
  Statement: [{ Sid: 'NoIamWithoutMfa', Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }],
});

describe('evaluateIdentityPolicies', () => {
  it('names the matching statements with policy, kind, ARN, index and Sid', () => {
    const p = src('app', {
      Statement: [
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
        { Sid: 'Logs', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' },
      ],
    }, 'customer-managed', `arn:aws:iam::${A}:policy/app`);
    const r = evaluateIdentityPolicies({ action: 'logs:PutLogEvents', resource: '*' }, [p]);
    expect(r.identity.allowedBy).toEqual([
      { policyName: 'app', policyArn: `arn:aws:iam::${A}:policy/app`, policyKind: 'customer-managed', statementIndex: 1, sid: 'Logs', effect: 'Allow', unconditional: true, conditionKeys: [] },
    ]);
    expect(r.identity).toMatchObject({ allow: 'unconditional', deny: 'none', deniedBy: [] });
    expect(r.boundary).toBeUndefined();
    expect(r.explanation).toBe('logs:PutLogEvents on * is allowed by policy "app" statement "Logs".');
  });

  it('refers to a statement without Sid by its 0-based index', () => {
    const r = evaluateIdentityPolicies({ action: 'iam:PassRole', resource: '*' }, [admin, src('guard', { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }] })]);
    expect(r.decision).toBe('ExplicitlyDenied');
    expect(r.explanation).toBe('iam:PassRole on * is explicitly denied by policy "guard" statement #1.');
  });

  it('explains an implicit deny by the boundary', () => {
    const boundary = src('S3Only', { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, 'permissions-boundary');
    const r = evaluateIdentityPolicies({ action: 'iam:PassRole', resource: '*' }, [admin], boundary);
    expect(r.decision).toBe('ImplicitlyDenied');
    expect(r.boundary).toEqual({ allow: 'none', deny: 'none', allowedBy: [], deniedBy: [] });
    expect(r.explanation).toBe('iam:PassRole on * is implicitly denied: policy "AdministratorAccess" statement #0 allows it but the permissions boundary "S3Only" does not.');
  });

  it('explains a conditional answer with its keys and the conditional Deny', () => {
    const r = evaluateIdentityPolicies({ action: 'iam:CreateUser', resource: '*' }, [admin, mfaDeny]);
    expect(r.decision).toBe('ConditionallyAllowed');
    expect(r.conditionKeys).toEqual(['aws:multifactorauthpresent']);
    expect(r.identity.deny).toBe('conditional');
    expect(r.identity.deniedBy[0]).toMatchObject({ sid: 'NoIamWithoutMfa', unconditional: false, conditionKeys: ['aws:multifactorauthpresent'] });
    expect(r.explanation).toContain('"NoIamWithoutMfa"');
    expect(r.explanation).toContain('aws:multifactorauthpresent');
  });

  it('matches the request action and context keys whatever their case', () => {
    const r = evaluateIdentityPolicies(
      { action: 'IAM:CreateUser', resource: '*', context: { 'AWS:MULTIFACTORAUTHPRESENT': true } },
      [admin, mfaDeny],
    );
    expect(r.decision).toBe('Allowed');
  });

  it('reports unsupported operators only when they mattered', () => {
    const odd = src('odd', { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringMatchesRegex: { 'aws:userid': '^A' } } }] });
    expect(evaluateIdentityPolicies({ action: 's3:GetObject', resource: '*' }, [odd]).unsupportedOperators).toEqual(['StringMatchesRegex']);
    expect(evaluateIdentityPolicies({ action: 's3:PutObject', resource: '*' }, [odd]).unsupportedOperators).toBeUndefined();
  });

  it('reads a document once: later evaluations use the cached normal form', () => {
    let reads = 0;
    const raw: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }] };
    const counted = new Proxy(raw, {
      get(target, prop, receiver) {
        if (prop === 'Statement') reads++;
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const p = src('p', counted);
    expect(evaluateIdentityPolicies({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/0' }, [p]).decision).toBe('Allowed');
    const afterFirst = reads;
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 1; i < 50; i++) {
      expect(evaluateIdentityPolicies({ action: 's3:GetObject', resource: `arn:aws:s3:::b/${i}` }, [p]).decision).toBe('Allowed');
    }
    expect(reads).toBe(afterFirst);
  });
});

describe('result helpers', () => {
  const cases: Array<[string, PolicySource[], PolicySource | undefined, Record<string, string | boolean> | undefined, boolean, boolean]> = [
    ['unconditional allow', [admin], undefined, undefined, true, true],
    ['conditional Deny only (ignored by the escalation helper)', [admin, mfaDeny], undefined, undefined, false, true],
    ['conditional Deny known to apply', [admin, mfaDeny], undefined, { 'aws:MultiFactorAuthPresent': false }, false, false],
    ['no allow', [mfaDeny], undefined, undefined, false, false],
    [
      'conditional allow',
      [src('c', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }] })],
      undefined, undefined, false, false,
    ],
    [
      'boundary allow conditional',
      [admin],
      src('b', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }] }, 'permissions-boundary'),
      undefined, false, false,
    ],
    [
      'boundary with a conditional Deny',
      [admin],
      src('b', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }] }, 'permissions-boundary'),
      undefined, false, true,
    ],
    [
      'boundary with an unconditional Deny',
      [admin],
      src('b', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] }, 'permissions-boundary'),
      undefined, false, false,
    ],
  ];

  it.each(cases)('%s', (_label, policies, boundary, context, guaranteed, unlessConditionalDeny) => {
    const r = evaluateIdentityPolicies({ action: 'iam:CreateUser', resource: '*', ...(context ? { context } : {}) }, policies, boundary);
    expect(isGuaranteedAllowed(r)).toBe(guaranteed);
    expect(isAllowedUnlessConditionalDeny(r)).toBe(unlessConditionalDeny);
  });
});
