import { IAMServiceException, NoSuchEntityException, ServiceFailureException } from '@aws-sdk/client-iam';
import { LambdaServiceException, ResourceNotFoundException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { classifyAwsError } from '../../../shared/account/live/classifyAwsError.ts';

const $metadata = {};
const unmodelled = (name: string) => new IAMServiceException({ name, $fault: 'client', $metadata, message: name });

describe('classifyAwsError', () => {
  it.each([
    ['IAM AccessDenied (unmodelled, by wire code)', unmodelled('AccessDenied'), 'access-denied'],
    ['Lambda AccessDeniedException', new LambdaServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata, message: 'x' }), 'access-denied'],
    ['IAM NoSuchEntityException', new NoSuchEntityException({ message: 'gone', $metadata }), 'not-found'],
    ['Lambda ResourceNotFoundException', new ResourceNotFoundException({ message: 'gone', $metadata }), 'not-found'],
    ['IAM ServiceFailure', new ServiceFailureException({ message: 'boom', $metadata }), 'other'],
    ['Lambda throttling that outlived the retries', new TooManyRequestsException({ message: 'Rate exceeded', $metadata }), 'throttled'],
    ['IAM Throttling (unmodelled, by wire code)', unmodelled('Throttling'), 'throttled'],
    ['expired credentials', unmodelled('ExpiredToken'), 'other'],
    ['a plain Error', new Error('socket hang up'), 'other'],
    ['not an Error at all', 'AccessDenied', 'other'],
  ])('%s -> %s', (_, error, kind) => {
    expect(classifyAwsError(error)).toBe(kind);
  });
});
