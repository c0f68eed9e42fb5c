/**
 * The inline-scoped alternative to AWSLambdaBasicExecutionRole: `KeycardLogs`, limited to the log
 * groups of the functions Keycard fixed on this role. A role shared by several functions gets one
 * policy covering all their groups: the existing KeycardLogs resources are kept, so fixing one
 * function never takes logging away from another.
 */
import type { FunctionFacts, RoleFacts } from '../facts/types.ts';
import type { PolicyDocument, PolicySource, PolicyStatement } from '../policy/types.ts';
import { logGroupArn } from './evaluateLogWrite.ts';

export const KEYCARD_LOGS_POLICY_NAME = 'KeycardLogs';
const WRITE_SID = 'KeycardWriteLogs';
const CREATE_SID = 'KeycardCreateLogGroup';

export function keycardLogsPolicy(fn: FunctionFacts, role: RoleFacts): PolicySource {
  const existing = role.policies.find((p) => p.kind === 'inline' && p.name === KEYCARD_LOGS_POLICY_NAME);
  const groups = existing === undefined ? [] : groupsIn(existing.document);
  return { name: KEYCARD_LOGS_POLICY_NAME, kind: 'inline', document: keycardLogsDocument([...groups, logGroupArn(fn)]) };
}

/**
 * The union of two KeycardLogs documents: what applyRemediation puts when IAM already holds a
 * KeycardLogs the plan did not see (another function on the same role fixed in the meantime).
 * Only adds log groups, so the proof made for the planned document still holds.
 */
export function mergeKeycardLogsDocuments(a: PolicyDocument, b: PolicyDocument): PolicyDocument {
  return keycardLogsDocument([...groupsIn(a), ...groupsIn(b)]);
}

function keycardLogsDocument(groupArns: string[]): PolicyDocument {
  const sorted = [...new Set(groupArns)].sort();
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: WRITE_SID,
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: sorted.map((g) => `${g}:*`),
      },
      { Sid: CREATE_SID, Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: sorted },
    ],
  };
}

/** Log group ARNs named by an earlier KeycardLogs document (only its own CreateLogGroup statement is trusted). */
function groupsIn(document: PolicyDocument): string[] {
  const statements: PolicyStatement[] = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const create = statements.find((s) => s.Sid === CREATE_SID && s.Effect === 'Allow');
  if (create?.Resource === undefined) return [];
  const resources = Array.isArray(create.Resource) ? create.Resource : [create.Resource];
  return resources.filter((r) => /^arn:[^:]+:logs:[^:]+:\d{12}:log-group:[^*?]+$/.test(r));
}

/** The AWS CLI command that puts this KeycardLogs document (shown in alerts). */
export function putKeycardLogsCli(roleName: string, document: PolicyDocument): string {
  return `aws iam put-role-policy --role-name ${roleName} --policy-name ${KEYCARD_LOGS_POLICY_NAME} --policy-document '${JSON.stringify(document)}'`;
}
