import { describe, expect, it } from 'vitest';
import { evaluateConditionBlock } from '../../shared/policy/index.ts';
import type { ConditionBlock, ConditionContext } from '../../shared/policy/index.ts';

type Row = [string, ConditionBlock, ConditionContext | undefined, 'true' | 'false' | 'unknown'];

describe('evaluateConditionBlock', () => {
  it.each<Row>([
    ['empty block', {}, undefined, 'true'],
    ['key unknown', { StringEquals: { 'aws:SourceAccount': '1' } }, undefined, 'unknown'],
    ['key case-insensitive', { StringEquals: { 'AWS:SourceAccount': '1' } }, { 'aws:sourceaccount': '1' }, 'true'],
    ['context key upper-case', { StringEquals: { 'aws:sourceaccount': '1' } }, { 'AWS:SOURCEACCOUNT': '1' }, 'true'],
    ['number policy value vs string', { StringEquals: { 'aws:SourceAccount': 111122223333 } }, { 'aws:SourceAccount': '111122223333' }, 'true'],
    ['StringLike star spans anything', { StringLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, { 'aws:SourceArn': 'arn:aws:s3:::b/c:d' }, 'true'],
    ['StringLike is case-sensitive', { StringLike: { 'aws:userid': 'AIDA*' } }, { 'aws:userid': 'aida123' }, 'false'],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:userid': 'AIDA1' } }, { 'aws:userid': 'aida1' }, 'true'],
    ['AND of keys, one false one unknown', { StringEquals: { a: 'x', b: 'y' } }, { a: 'z' }, 'false'],
    ['AND of keys, one true one unknown', { StringEquals: { a: 'x', b: 'y' } }, { a: 'x' }, 'unknown'],
    ['AND of operators', { StringEquals: { a: 'x' }, StringNotEquals: { b: 'y' } }, { a: 'x', b: 'z' }, 'true'],
    ['OR of values', { StringEquals: { a: ['x', 'y'] } }, { a: 'y' }, 'true'],
    ['NOR of negated values', { StringNotEquals: { a: ['x', 'y'] } }, { a: 'y' }, 'false'],
    ['NOR of negated values, none listed', { StringNotEquals: { a: ['x', 'y'] } }, { a: 'w' }, 'true'],
    ['absent key, positive operator', { StringEquals: { a: 'x' } }, { a: [] }, 'false'],
    ['absent key, negated operator', { StringNotLike: { a: 'x*' } }, { a: [] }, 'true'],
    ['absent key, IfExists', { StringEqualsIfExists: { a: 'x' } }, { a: [] }, 'true'],
    ['absent key, negated IfExists', { StringNotEqualsIfExists: { a: 'x' } }, { a: [] }, 'true'],
    ['present key, IfExists mismatch', { StringEqualsIfExists: { a: 'x' } }, { a: 'y' }, 'false'],
    ['Null true on absent key', { Null: { a: 'true' } }, { a: [] }, 'true'],
    ['Null true on present key', { Null: { a: 'true' } }, { a: 'v' }, 'false'],
    ['Null false on present key', { Null: { a: 'false' } }, { a: 'v' }, 'true'],
    ['Null false on absent key', { Null: { a: false } }, { a: [] }, 'false'],
    ['Null on unknown key', { Null: { a: 'true' } }, {}, 'unknown'],
    ['ForAnyValue some match', { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'env*' } }, { 'aws:TagKeys': ['cost', 'env-x'] }, 'true'],
    ['ForAnyValue none match', { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'env*' } }, { 'aws:TagKeys': ['cost'] }, 'false'],
    ['ForAnyValue on empty set', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'env' } }, { 'aws:TagKeys': [] }, 'false'],
    ['ForAllValues all match', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['b', 'a'] }, 'true'],
    ['ForAllValues one outside', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['a', 'c'] }, 'false'],
    ['ForAllValues on empty set', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': [] }, 'true'],
    ['ForAllValues negated', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['a', 'b'] }, 'true'],
    ['ForAnyValue negated', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['a'] }, 'false'],
    ['multi-valued key without set operator is undecided', { StringEquals: { k: 'a' } }, { k: ['b', 'a'] }, 'unknown'],
    ['aws:TagKeys without set operator is undecided', { StringEquals: { 'aws:TagKeys': 'a' } }, { 'aws:TagKeys': ['a'] }, 'unknown'],
    ['ForAnyValue IfExists on an absent key is undecided', { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'a' } }, { 'aws:TagKeys': [] }, 'unknown'],
    ['ForAllValues IfExists on an absent key', { 'ForAllValues:StringEqualsIfExists': { 'aws:TagKeys': 'a' } }, { 'aws:TagKeys': [] }, 'true'],
    ['ArnLike with fewer than six parts is undecided', { ArnLike: { s: 'arn:aws:*' } }, { s: 'arn:aws:sns:us-east-1:1:t' }, 'unknown'],
    ['ArnLike with fewer than six parts cannot match another partition', { ArnLike: { s: 'arn:aws:*' } }, { s: 'arn:aws-cn:sns:cn-north-1:1:t' }, 'false'],
    ['ArnNotLike with a wildcard resource type is undecided', { ArnNotLike: { s: 'arn:aws:iam::1:*/admin' } }, { s: 'arn:aws:iam::1:role/admin' }, 'unknown'],
    ['variable with no value: StringEquals fails', { StringEquals: { 's3:prefix': '${aws:username}' } }, { 's3:prefix': 'al', 'aws:username': [] }, 'false'],
    ['variable with no value: StringNotLike passes', { StringNotLike: { 's3:prefix': '${aws:username}*' } }, { 's3:prefix': 'al', 'aws:username': [] }, 'true'],
    ['variable default applied when the key is absent', { StringEquals: { 's3:prefix': "${aws:username, 'guest'}" } }, { 's3:prefix': 'guest', 'aws:username': [] }, 'true'],
    ['NumericLessThanEquals', { NumericLessThanEquals: { n: '10' } }, { n: 10 }, 'true'],
    ['NumericGreaterThan false', { NumericGreaterThan: { n: '10' } }, { n: '10' }, 'false'],
    ['NumericEquals non-number', { NumericEquals: { n: '10' } }, { n: '' }, 'false'],
    ['DateLessThanEquals ISO vs ISO', { DateLessThanEquals: { t: '2026-11-29T00:00:00Z' } }, { t: '2026-11-29T00:00:00Z' }, 'true'],
    ['DateGreaterThan epoch policy value', { DateGreaterThan: { t: '1700000000' } }, { t: '2026-01-01T00:00:00Z' }, 'true'],
    ['DateEquals unparsable', { DateEquals: { t: '2026-01-01' } }, { t: 'yesterday' }, 'false'],
    ['Bool with boolean context', { Bool: { b: 'true' } }, { b: true }, 'true'],
    ['Bool with boolean policy value', { Bool: { b: false } }, { b: 'false' }, 'true'],
    ['IpAddress single host', { IpAddress: { ip: '192.0.2.1' } }, { ip: '192.0.2.1' }, 'true'],
    ['IpAddress /0', { IpAddress: { ip: '0.0.0.0/0' } }, { ip: '198.51.100.9' }, 'true'],
    ['IpAddress IPv6', { IpAddress: { ip: '2001:db8::/32' } }, { ip: '2001:0db8:ffff::1' }, 'true'],
    ['IpAddress IPv6 outside', { IpAddress: { ip: '2001:db8::/32' } }, { ip: '2001:db9::1' }, 'false'],
    ['IpAddress family mismatch', { IpAddress: { ip: '0.0.0.0/0' } }, { ip: '::1' }, 'false'],
    ['NotIpAddress outside', { NotIpAddress: { ip: '10.0.0.0/8' } }, { ip: '11.0.0.1' }, 'true'],
    ['ArnLike per-segment', { ArnLike: { s: 'arn:aws:sns:*:111122223333:*' } }, { s: 'arn:aws:sns:us-east-1:111122223333:t' }, 'true'],
    ['ArnLike account differs', { ArnLike: { s: 'arn:aws:sns:*:111122223333:*' } }, { s: 'arn:aws:sns:us-east-1:444455556666:t' }, 'false'],
    ['ArnNotEquals', { ArnNotEquals: { s: 'arn:aws:iam::1:role/a' } }, { s: 'arn:aws:iam::1:role/b' }, 'true'],
    ['variable in value resolved', { StringEquals: { 's3:prefix': '${aws:username}' } }, { 's3:prefix': 'al', 'aws:username': 'al' }, 'true'],
    ['variable in value unresolved', { StringEquals: { 's3:prefix': '${aws:username}' } }, { 's3:prefix': 'al' }, 'unknown'],
    ['variable unresolved but another value matches', { StringEquals: { 's3:prefix': ['${aws:username}', 'shared'] } }, { 's3:prefix': 'shared' }, 'true'],
  ])('%s', (_label, block, context, expected) => {
    expect(evaluateConditionBlock(block, context).result).toBe(expected);
  });

  it('lists the lower-cased keys it could not settle', () => {
    const r = evaluateConditionBlock(
      { StringEquals: { 'AWS:SourceAccount': '1', 'aws:SourceVpc': 'v' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::b' } },
      { 'aws:SourceVpc': 'v' },
    );
    expect(r).toEqual({ result: 'unknown', unknownKeys: ['aws:sourceaccount', 'aws:sourcearn'], unsupportedOperators: [] });
  });

  it('reports an unresolved policy variable as the unknown key', () => {
    const r = evaluateConditionBlock({ StringLike: { 's3:prefix': '${aws:username}/*' } }, { 's3:prefix': 'al/x' });
    expect(r.unknownKeys).toEqual(['aws:username']);
  });

  it('treats an unsupported operator as unknown and names it', () => {
    const r = evaluateConditionBlock({ StringMatchesRegex: { 'aws:userid': '^A' } }, { 'aws:userid': 'AIDA' });
    expect(r).toEqual({ result: 'unknown', unknownKeys: ['aws:userid'], unsupportedOperators: ['StringMatchesRegex'] });
  });

  it('lets a known false key decide even next to an unsupported operator', () => {
    const r = evaluateConditionBlock({ StringMatchesRegex: { a: 'x' }, StringEquals: { b: 'y' } }, { b: 'z' });
    expect(r.result).toBe('false');
    expect(r.unknownKeys).toEqual([]);
  });
});
