import type { FunctionFacts } from '../facts/types.ts';
import type { CheckMetadata, Finding, FunctionCheck } from './types.ts';
import { allowStatementsOf } from './lock/LockStatement.ts';
import { callerPins } from './lock/conditionPins.ts';
import { admittedUrlAuthTypes, onlyViaFunctionUrl } from './lock/functionUrlConditions.ts';
import { INVOKE_FUNCTION, INVOKE_FUNCTION_URL, coversResource, grantsAction } from './lock/grantsAction.ts';
import { isPublicPrincipal } from './lock/isPublicPrincipal.ts';
import { lockFinding, statementEvidence } from './lock/lockFinding.ts';
import { unconditionalDenyOf } from './lock/unconditionalDeny.ts';

const metadata: CheckMetadata = {
  id: 'public-invoke',
  severity: 'critical',
  door: 'resource-policy',
  title: 'Anyone can invoke the function',
  rationale:
    'The resource-based policy allows every principal to call lambda:InvokeFunction, and no condition pins the ' +
    'caller to an account, organization, principal, source resource or network. Anyone with AWS credentials who ' +
    'learns the ARN can run the function with inputs of their choice, at your cost, with whatever its execution ' +
    'role allows. A condition pins the caller when it must hold (a positive operator, not ...IfExists, not ' +
    'ForAllValues) on aws:SourceAccount, aws:SourceOwner, aws:PrincipalAccount, aws:SourceArn or aws:PrincipalArn ' +
    'naming a concrete account, aws:PrincipalOrgID / aws:PrincipalOrgPaths, aws:SourceVpce / aws:SourceVpc, or ' +
    'aws:SourceIp other than 0.0.0.0/0; keys are case-insensitive. Statements that serve a function URL only are ' +
    'reported by public-function-url when the URL\'s AuthType is NONE. With AuthType AWS_IAM, a caller from another ' +
    'account needs only an identity policy its own account writes plus this resource policy, so lambda:InvokeFunctionUrl ' +
    'for every principal admits every signed caller of any AWS account: that is reported here.',
  remediation: {
    text:
      'Remove the statement, or replace it with one that names the calling account or service principal and pins ' +
      'it with aws:SourceArn / aws:SourceAccount or aws:PrincipalOrgID.',
    cli: 'aws lambda remove-permission --region <Region> --function-name <FunctionName> --statement-id <StatementId>',
  },
};

/**
 * A function URL with AuthType AWS_IAM opened to every principal: IAM authenticates the caller, but a
 * caller in any account can grant itself lambda:InvokeFunctionUrl in its own identity policy, so the
 * resource policy's `*` is the only gate, and it admits everyone with AWS credentials (IAM Access
 * Analyzer reports this as public access). Not public-function-url's: that one is about requests
 * without authentication. One finding per opening statement, not repeated when the statement already
 * opens lambda:InvokeFunction (`lambda:*`).
 */
function iamUrlFindings(fn: FunctionFacts, alreadyReported: Set<number | undefined>): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set(alreadyReported);
  for (const url of fn.functionUrls) {
    if (url.authType !== 'AWS_IAM') continue;
    if (unconditionalDenyOf(fn.resourcePolicy, INVOKE_FUNCTION_URL, url.functionArn) !== undefined) continue;
    for (const s of allowStatementsOf(fn.resourcePolicy)) {
      const { statement } = s;
      if (reported.has(s.index)) continue;
      if (!isPublicPrincipal(statement) || !grantsAction(statement, INVOKE_FUNCTION_URL)) continue;
      if (!coversResource(statement, url.functionArn) || !admittedUrlAuthTypes(statement).has('AWS_IAM')) continue;
      if (callerPins(statement).length > 0) continue;
      reported.add(s.index);
      const who = statement.NotPrincipal !== undefined ? 'every principal outside NotPrincipal' : 'Principal "*"';
      findings.push(
        lockFinding(metadata, fn, {
          detail:
            `${fn.name}: function URL ${url.url} uses AuthType AWS_IAM, but the resource policy lets ${who} call ` +
            `lambda:InvokeFunctionUrl with no condition pinning the caller: any AWS account's signed requests can invoke it.`,
          evidence: [
            { source: 'function-configuration', note: `function URL ${url.url} (${url.functionArn}) has AuthType AWS_IAM` },
            statementEvidence(s, `allows ${who} lambda:InvokeFunctionUrl for AWS_IAM URL requests without a caller pin`),
          ],
          placeholders: { StatementId: s.sid },
        }),
      );
    }
  }
  return findings;
}

/**
 * Anyone may invoke: an Allow for every principal covering lambda:InvokeFunction with no condition
 * that pins the caller (see lock/conditionPins.ts). Statements that serve a function URL only
 * (InvokeFunctionUrl, or InvokeFunction under `lambda:InvokedViaFunctionUrl: true`) are left to
 * public-function-url so one opening is not reported twice.
 */
export const publicInvokeCheck: FunctionCheck = {
  scope: 'function',
  metadata,
  evaluate(fn) {
    // Every statement of a function's policy grants on the function or one of its qualifiers, so
    // the statement's Resource does not narrow who is exposed.
    if (unconditionalDenyOf(fn.resourcePolicy, INVOKE_FUNCTION, fn.arn) !== undefined) return [];
    const findings: Finding[] = [];
    for (const s of allowStatementsOf(fn.resourcePolicy)) {
      const { statement } = s;
      if (!isPublicPrincipal(statement) || !grantsAction(statement, INVOKE_FUNCTION)) continue;
      if (onlyViaFunctionUrl(statement) || callerPins(statement).length > 0) continue;
      const who = statement.NotPrincipal !== undefined ? 'every principal outside NotPrincipal' : 'Principal "*"';
      const conditions =
        statement.Condition === undefined
          ? 'no condition'
          : `conditions that do not pin the caller ${JSON.stringify(statement.Condition)}`;
      const actions = JSON.stringify(statement.Action ?? { NotAction: statement.NotAction });
      findings.push(
        lockFinding(metadata, fn, {
          detail: `${fn.name}: the resource policy lets ${who} invoke the function (${actions}), with ${conditions}.`,
          evidence: [statementEvidence(s, `allows ${who} ${actions} with ${conditions}`)],
          placeholders: { StatementId: s.sid },
        }),
      );
    }
    findings.push(...iamUrlFindings(fn, new Set(findings.flatMap((f) => f.evidence.map((e) => e.statementIndex)))));
    return findings;
  },
};
