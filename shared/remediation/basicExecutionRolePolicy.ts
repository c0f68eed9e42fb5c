/**
 * AWSLambdaBasicExecutionRole, the one managed policy Keycard attaches. The document is the current
 * default version (v1); a test compares it with ../shared/reference/aws-managed-policies so a change
 * by AWS is noticed. Used to prove, before attaching, that attaching would fix the finding.
 */
import type { PolicySource } from '../policy/types.ts';

export const BASIC_EXECUTION_ROLE_POLICY_NAME = 'AWSLambdaBasicExecutionRole';

export function basicExecutionRolePolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/service-role/${BASIC_EXECUTION_ROLE_POLICY_NAME}`;
}

export function basicExecutionRolePolicy(partition: string): PolicySource {
  return {
    name: BASIC_EXECUTION_ROLE_POLICY_NAME,
    arn: basicExecutionRolePolicyArn(partition),
    kind: 'aws-managed',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: '*',
        },
      ],
    },
  };
}
