/**
 * fast-check generators of identity policies, boundaries and request contexts for the evaluator's
 * property-based tests. Small vocabularies on purpose: patterns, values and context keys are drawn
 * from the same few names so that statements actually meet requests (random strings almost never would).
 */
import fc from 'fast-check';
import type { AccessRequest, PolicyDocument, PolicySource, PolicyStatement } from '../../shared/policy/index.ts';

export const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  'iam:PassRole',
  'iam:CreateRole',
  'iam:TagRole',
  'lambda:InvokeFunction',
  'ec2:RunInstances',
] as const;

export const RESOURCES = [
  'arn:aws:s3:::home/alice/notes.txt',
  'arn:aws:s3:::home/bob/notes.txt',
  'arn:aws:s3:::shared/report.csv',
  'arn:aws:iam::111122223333:role/admin',
  'arn:aws:iam::111122223333:role/app/worker',
  'arn:aws:lambda:us-east-1:111122223333:function:f1',
  'arn:aws:ec2:us-east-1:111122223333:instance/i-0abc',
] as const;

/** Condition keys and the values a context may give them (`[]` = known absent). */
const KEY_VALUES: Record<string, Array<string | string[]>> = {
  'aws:username': ['alice', 'bob'],
  'aws:PrincipalTag/team': ['ops', 'dev'],
  'aws:SourceAccount': ['111122223333', '444455556666'],
  'aws:SourceArn': ['arn:aws:s3:::shared', 'arn:aws:sns:us-east-1:111122223333:t'],
  'aws:SecureTransport': ['true', 'false'],
  'aws:SourceIp': ['192.0.2.10', '198.51.100.7'],
  'aws:MultiFactorAuthAge': ['30', '7200'],
  's3:prefix': ['alice/', 'bob/', 'ops/x'],
  'aws:TagKeys': [['env'], ['env', 'owner'], ['secret']],
};
export const CONTEXT_KEYS = Object.keys(KEY_VALUES);

const randomCase = (s: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((flips) =>
    [...s].map((ch, i) => (flips[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''),
  );

/** What a generated statement leans towards, so that statements meet the request often enough. */
export interface Focus {
  action: string;
  resource: string;
}

/** Action patterns: exact (any case), service wildcard, prefix wildcard, `?`, `*`. */
function actionPattern(focus?: Focus): fc.Arbitrary<string> {
  const action = focus ? fc.oneof(fc.constant(focus.action), fc.constantFrom(...ACTIONS)) : fc.constantFrom(...ACTIONS);
  return fc.oneof(
    action.chain(randomCase),
    action.map((a) => `${a.split(':')[0]}:*`),
    action.map((a) => `${a.slice(0, a.indexOf(':') + 4)}*`),
    action.map((a) => `${a.slice(0, -2)}?${a.slice(-1)}`),
    fc.constant('*'),
  );
}

/** Resource patterns: exact, trailing and inner wildcards, variables with and without defaults, undecided shapes. */
function resourcePattern(focus?: Focus): fc.Arbitrary<string> {
  const resource = focus ? fc.oneof(fc.constant(focus.resource), fc.constantFrom(...RESOURCES)) : fc.constantFrom(...RESOURCES);
  return fc.oneof(
    { weight: 3, arbitrary: resource },
    { weight: 2, arbitrary: resource.map((r) => `${r.slice(0, r.length - 4)}*`) },
    { weight: 1, arbitrary: fc.constant('*') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'arn:aws:s3:::home/${aws:username}/*',
        "arn:aws:s3:::home/${aws:username, 'alice'}/*",
        'arn:aws:s3:::${aws:PrincipalTag/team}/*',
        'arn:aws:s3:::home/*/notes.txt',
        'arn:aws:iam::*:role/*',
        'arn:aws:iam::111122223333:*/admin',
        'arn:aws:*',
        'arn:aws:lambda:*:111122223333:function:f?',
        'arn:aws:s3:::home/${*}',
      ),
    },
  );
}

const OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase',
  'ArnLike', 'ArnNotLike', 'NumericLessThan', 'Bool', 'IpAddress', 'NotIpAddress', 'Null',
] as const;

const POLICY_VALUES = [
  'alice', 'bob', 'ops', 'alice/', 'al*', '*/', '111122223333', 'arn:aws:s3:::*', 'arn:aws:sns:*:111122223333:*',
  'arn:aws:*', 'true', 'false', '192.0.2.0/24', '3600', 'env', 'secret*',
  '${aws:username}/', "${aws:PrincipalTag/team, 'ops'}", '${aws:username}',
];

const conditionOperator: fc.Arbitrary<string> = fc
  .record({
    op: fc.constantFrom(...OPERATORS),
    set: fc.constantFrom('', '', 'ForAnyValue:', 'ForAllValues:'),
    ifExists: fc.boolean(),
  })
  .map(({ op, set, ifExists }) => (op === 'Null' ? 'Null' : `${set}${op}${ifExists ? 'IfExists' : ''}`));

const conditionBlock: fc.Arbitrary<Record<string, Record<string, string | string[]>>> = fc
  .array(
    fc.record({
      op: conditionOperator,
      key: fc.constantFrom(...CONTEXT_KEYS).chain(randomCase),
      values: fc.array(fc.constantFrom(...POLICY_VALUES), { minLength: 1, maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 2 },
  )
  .map((entries) => {
    const block: Record<string, Record<string, string | string[]>> = {};
    for (const e of entries) {
      const values = e.op === 'Null' ? [e.values[0]!.length % 2 === 0 ? 'true' : 'false'] : e.values;
      (block[e.op] ??= {})[e.key] = values.length === 1 ? values[0]! : values;
    }
    return block;
  });

export function statementArb(effect?: 'Allow' | 'Deny', focus?: Focus): fc.Arbitrary<PolicyStatement> {
  return fc
    .record({
      Effect: effect ? fc.constant(effect) : fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
      notAction: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      actions: fc.array(actionPattern(focus), { minLength: 1, maxLength: 2 }),
      notResource: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      resources: fc.array(resourcePattern(focus), { minLength: 1, maxLength: 2 }),
      condition: fc.option(conditionBlock, { freq: 2 }),
    })
    .map((r) => {
      const s: PolicyStatement = { Effect: r.Effect };
      // NotAction kept rarer than Action: a NotAction Allow matches almost every request.
      if (r.notAction) s.NotAction = r.actions;
      else s.Action = r.actions;
      if (r.notResource) s.NotResource = r.resources;
      else s.Resource = r.resources;
      if (r.condition) s.Condition = r.condition;
      return s;
    });
}

export const versionArb: fc.Arbitrary<string | undefined> = fc.constantFrom('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17', undefined);

export function documentArb(statements: fc.Arbitrary<PolicyStatement[]>): fc.Arbitrary<PolicyDocument> {
  return fc.record({ version: versionArb, statements }).map(({ version, statements: st }) =>
    version === undefined ? { Statement: st } : { Version: version, Statement: st },
  );
}

export const identityPoliciesArb = (focus?: Focus): fc.Arbitrary<PolicyDocument[]> =>
  fc.array(documentArb(fc.array(statementArb(undefined, focus), { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 2 });

export const boundaryArb = (focus?: Focus): fc.Arbitrary<PolicyDocument> =>
  documentArb(fc.array(statementArb(undefined, focus), { minLength: 1, maxLength: 2 }));

/** A complete context: every key either has a value or is known absent (`[]`). */
export const fullContextArb: fc.Arbitrary<Record<string, string | string[]>> = fc
  .tuple(...CONTEXT_KEYS.map((k) => fc.constantFrom<string | string[]>([], ...KEY_VALUES[k]!)))
  .map((values) => Object.fromEntries(CONTEXT_KEYS.map((k, i) => [k, values[i]!])));

export const requestArb: fc.Arbitrary<{ action: string; resource: string }> = fc.record({
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
});

export function sources(docs: readonly PolicyDocument[], kind: PolicySource['kind'] = 'inline'): PolicySource[] {
  return docs.map((document, i) => ({ name: `${kind}-${i}`, kind, document }));
}

/** A context with some keys left out (unknown): the same request known less well. */
export function lessKnown(context: Record<string, string | string[]>, keep: readonly boolean[]): AccessRequest['context'] {
  return Object.fromEntries(Object.entries(context).filter((_, i) => keep[i % keep.length]));
}
