import { describe, expect, it } from 'vitest';
import { policyMentionsFunctionUrl } from '../../shared/account/policyMentionsFunctionUrl.ts';

const policy = (...statements: object[]) => ({ Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }) });
const fn = 'arn:aws:lambda:us-east-1:111122223333:function:orders-api';

describe('policyMentionsFunctionUrl', () => {
  it.each([
    ['InvokeFunctionUrl for anyone', policy({ Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: fn, Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } }), true],
    ['the Oct-2025 companion statement alone', policy({ Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: fn, Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } } }), true],
    ['lambda:* (covers URLs)', policy({ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'lambda:*', Resource: fn }), true],
    ['lambda:Invoke* (covers URLs)', policy({ Effect: 'Allow', Principal: '*', Action: 'lambda:Invoke*', Resource: fn }), true],
    ['NotAction that does not exclude URLs', policy({ Effect: 'Allow', Principal: '*', NotAction: 'lambda:GetFunction', Resource: fn }), true],
    ['URL-encoded document as the SDK returns it', { Policy: encodeURIComponent(policy({ Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: fn }).Policy) }, true],
    ['unparseable policy (read more, never less)', { Policy: '{not json' }, true],
    ['S3 trigger only', policy({ Sid: 's3', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: fn, Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::uploads' } } }), false],
    ['NotAction that excludes URLs', policy({ Effect: 'Allow', Principal: '*', NotAction: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'], Resource: fn }), false],
  ])('%s -> %s', (_name, record, expected) => {
    expect(policyMentionsFunctionUrl(record)).toBe(expected);
  });
});
