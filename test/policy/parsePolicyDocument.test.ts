import { describe, expect, it } from 'vitest';
import { PolicyError, PolicyParseError, parsePolicyDocument } from '../../shared/policy/index.ts';

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/a+b c' }] };

describe('parsePolicyDocument', () => {
  it('returns an object document as the same object (so per-document caches hit)', () => {
    expect(parsePolicyDocument(doc, 'x')).toBe(doc);
  });

  it.each([
    ['a JSON string', JSON.stringify(doc)],
    ['a pretty JSON string with leading whitespace', `\n  ${JSON.stringify(doc, null, 2)}`],
    ['a URL-encoded JSON string', encodeURIComponent(JSON.stringify(doc))],
  ])('reads %s', (_label, raw) => {
    expect(parsePolicyDocument(raw, 'x')).toEqual(doc);
  });

  it('keeps a literal + in URL-encoded text (IAM does not form-encode)', () => {
    const raw = '%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2Fa+b%22%7D%7D';
    expect(parsePolicyDocument(raw, 'x').Statement).toEqual({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/a+b' });
  });

  it('does not URL-decode a document that is already JSON', () => {
    const raw = JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/100%25' } });
    expect(parsePolicyDocument(raw, 'x').Statement).toMatchObject({ Resource: 'arn:aws:s3:::b/100%25' });
  });

  it.each([
    ['not JSON', '{"Statement": [', /not valid JSON/],
    ['a bad % escape', '%7B%E0%A4%A', /neither JSON nor valid URL-encoded/],
    ['an array', [], /must be a JSON object/],
    ['null', null, /must be a JSON object/],
    ['no Statement', { Version: '2012-10-17' }, /has no Statement/],
    ['a string Statement', { Statement: 'Allow' }, /Statement must be an object or a list/],
    ['a lower-case Effect', { Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] }, /Statement\[0\]\.Effect must be "Allow" or "Deny"/],
    ['no Action nor NotAction', { Statement: { Effect: 'Allow', Resource: '*' } }, /exactly one of Action or NotAction/],
    ['both Action and NotAction', { Statement: { Effect: 'Allow', Action: '*', NotAction: 'iam:*', Resource: '*' } }, /exactly one of Action or NotAction/],
    ['both Resource and NotResource', { Statement: { Effect: 'Deny', Action: '*', Resource: '*', NotResource: 'x' } }, /both Resource and NotResource/],
    ['a numeric Action', { Statement: [{ Effect: 'Allow', Action: 3, Resource: '*' }] }, /Action must be a string or a list of strings/],
    ['a Resource list with a number', { Statement: [{ Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::b', 7] }] }, /Resource must be a string or a list of strings/],
    ['a Principal that is neither * nor an object', { Statement: [{ Effect: 'Allow', Action: '*', Principal: 'lambda.amazonaws.com' }] }, /Principal must be "\*" or an object/],
    ['both Principal and NotPrincipal', { Statement: [{ Effect: 'Deny', Action: '*', Principal: '*', NotPrincipal: { AWS: '1' } }] }, /both Principal and NotPrincipal/],
    ['a non-string Sid', { Statement: [{ Sid: 1, Effect: 'Allow', Action: '*', Resource: '*' }] }, /Sid must be a string/],
    ['a non-string Version', { Version: 2012, Statement: [] }, /Version must be a string/],
    ['an unknown element', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Actions: 'x' }] }, /unknown element "Actions"/],
    ['an unknown principal type', { Statement: [{ Effect: 'Allow', Action: '*', Principal: { User: 'x' } }] }, /unknown principal type "User"/],
    ['a Condition that is not an object', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: 'x' }] }, /Condition must be an object/],
    ['a Condition value that is an object', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: { a: 1 } } } }] }, /Condition\.StringEquals\.k must be/],
  ])('rejects %s with a PolicyParseError naming where', (_label, raw, message) => {
    let error: unknown;
    try {
      parsePolicyDocument(raw, 'role app-role inline policy logs');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyParseError);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).name).toBe('PolicyParseError');
    expect((error as Error).message).toContain('role app-role inline policy logs');
    expect((error as Error).message).toMatch(message);
  });

  it('keeps the JSON error as the cause', () => {
    try {
      parsePolicyDocument('{', 'x');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('reads empty lists (they name nothing) rather than refusing the document', () => {
    const odd = { Statement: [{ Effect: 'Allow', Action: [], Resource: [] }] };
    expect(parsePolicyDocument(odd, 'x')).toBe(odd);
  });

  it('accepts trust policies without Resource', () => {
    const trust = { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    expect(parsePolicyDocument(trust, 'trust')).toBe(trust);
  });
});
