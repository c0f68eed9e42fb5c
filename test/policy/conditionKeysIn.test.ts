import { describe, expect, it } from 'vitest';
import { conditionKeysIn, statementsOf, toList } from '../../shared/policy/index.ts';
import type { PolicyStatement } from '../../shared/policy/index.ts';

describe('conditionKeysIn', () => {
  it('flattens operators and keys with lower-cased keys and string values', () => {
    const s: PolicyStatement = {
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Principal: { Service: 's3.amazonaws.com' },
      Condition: {
        ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::b' },
        StringEquals: { 'AWS:SourceAccount': 111122223333, 'lambda:FunctionUrlAuthType': 'NONE' },
        'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': ['o-1/r-1/', 'o-1/r-2/'] },
      },
    };
    expect(conditionKeysIn(s)).toEqual([
      { operator: 'ArnLike', key: 'aws:sourcearn', values: ['arn:aws:s3:::b'] },
      { operator: 'StringEquals', key: 'aws:sourceaccount', values: ['111122223333'] },
      { operator: 'StringEquals', key: 'lambda:functionurlauthtype', values: ['NONE'] },
      { operator: 'ForAnyValue:StringEquals', key: 'aws:principalorgpaths', values: ['o-1/r-1/', 'o-1/r-2/'] },
    ]);
  });

  it('is empty without a Condition', () => {
    expect(conditionKeysIn({ Effect: 'Allow', Action: '*' })).toEqual([]);
  });
});

describe('statementsOf and toList', () => {
  const a: PolicyStatement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
  it.each([
    ['an object', { Statement: a }, [a]],
    ['an array', { Statement: [a, a] }, [a, a]],
    ['an empty array', { Statement: [] }, []],
  ])('normalises Statement given as %s', (_label, doc, expected) => {
    expect(statementsOf(doc)).toEqual(expected);
  });

  it.each<[string | string[] | undefined, string[]]>([
    [undefined, []],
    ['x', ['x']],
    [['x', 'y'], ['x', 'y']],
  ])('toList(%j)', (v, expected) => {
    expect(toList(v)).toEqual(expected);
  });
});
