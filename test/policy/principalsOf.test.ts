import { describe, expect, it } from 'vitest';
import { accountOfPrincipal, principalsOf } from '../../shared/policy/index.ts';
import type { PolicyStatement, PrincipalSet } from '../../shared/policy/index.ts';

const none: PrincipalSet = { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] };
const stmt = (Principal: PolicyStatement['Principal']): PolicyStatement => ({ Effect: 'Allow', Action: 'sts:AssumeRole', ...(Principal !== undefined ? { Principal } : {}) });

describe('principalsOf', () => {
  it.each<[string, PolicyStatement['Principal'], PrincipalSet]>([
    ['no Principal', undefined, none],
    ['"*"', '*', { ...none, wildcard: true }],
    ['{"AWS":"*"}', { AWS: '*' }, { ...none, wildcard: true }],
    ['AWS list with * and an account', { AWS: ['*', '444455556666'] }, { ...none, wildcard: true, aws: ['444455556666'] }],
    ['a service', { Service: 'lambda.amazonaws.com' }, { ...none, service: ['lambda.amazonaws.com'] }],
    ['two services', { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] }, { ...none, service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] }],
    ['federated', { Federated: 'cognito-identity.amazonaws.com' }, { ...none, federated: ['cognito-identity.amazonaws.com'] }],
    ['canonical user', { CanonicalUser: '79a59df9' }, { ...none, canonicalUser: ['79a59df9'] }],
    ['mixed', { AWS: 'arn:aws:iam::111122223333:root', Service: 's3.amazonaws.com' }, { ...none, aws: ['arn:aws:iam::111122223333:root'], service: ['s3.amazonaws.com'] }],
  ])('%s', (_label, principal, expected) => {
    expect(principalsOf(stmt(principal))).toEqual(expected);
  });
});

describe('accountOfPrincipal', () => {
  it.each<[string, string | undefined]>([
    ['111122223333', '111122223333'],
    ['arn:aws:iam::111122223333:root', '111122223333'],
    ['arn:aws:iam::111122223333:role/service-role/app', '111122223333'],
    ['arn:aws:iam::111122223333:user/alice', '111122223333'],
    ['arn:aws:sts::111122223333:assumed-role/app/session', '111122223333'],
    ['arn:aws-cn:iam::111122223333:root', '111122223333'],
    ['arn:aws-us-gov:iam::111122223333:role/x', '111122223333'],
    ['*', undefined],
    ['lambda.amazonaws.com', undefined],
    ['11112222333', undefined],
    ['arn:aws:iam::*:root', undefined],
    ['arn:aws:s3:::bucket', undefined],
  ])('%s -> %s', (p, expected) => {
    expect(accountOfPrincipal(p)).toBe(expected);
  });
});
