import type { FunctionFacts, FunctionUrlFacts } from '../facts/types.ts';
import type { CheckMetadata, Evidence, Finding, FunctionCheck } from './types.ts';
import { allowStatementsOf, type LockStatement } from './lock/LockStatement.ts';
import { callerPins } from './lock/conditionPins.ts';
import { admittedUrlAuthTypes, onlyViaFunctionUrl } from './lock/functionUrlConditions.ts';
import { INVOKE_FUNCTION, INVOKE_FUNCTION_URL, coversResource, grantsAction } from './lock/grantsAction.ts';
import { isPublicPrincipal } from './lock/isPublicPrincipal.ts';
import { lockFinding, statementEvidence } from './lock/lockFinding.ts';
import { unconditionalDenyOf } from './lock/unconditionalDeny.ts';

const metadata: CheckMetadata = {
  id: 'public-function-url',
  severity: 'high',
  door: 'resource-policy',
  title: 'Function URL open to the internet without authentication',
  rationale:
    'The function has a URL with AuthType NONE and its resource-based policy lets everyone call ' +
    'lambda:InvokeFunctionUrl. Anyone on the internet can invoke it over HTTPS without AWS credentials; ' +
    'the function must authenticate and throttle callers itself, and every request runs with its execution role.',
  remediation: {
    text:
      'If the URL need not be public, switch it to AuthType AWS_IAM (callers then sign requests with SigV4) ' +
      'and remove the public statements; otherwise make sure the function authenticates callers itself and ' +
      'set reserved concurrency to bound the cost of abuse.',
    cli: 'aws lambda update-function-url-config --region <Region> --function-name <FunctionName> --auth-type AWS_IAM',
  },
};

/** The qualifier (alias) of a function ARN, if any: `arn:aws:lambda:r:a:function:name:alias`. */
function qualifierOf(arn: string): string | undefined {
  return arn.split(':')[7];
}

/** Allow statements that let everyone through this URL: public, InvokeFunctionUrl, NONE admitted, caller unpinned. */
function openersOf(fn: FunctionFacts, url: FunctionUrlFacts): LockStatement[] {
  return allowStatementsOf(fn.resourcePolicy).filter(
    ({ statement }) =>
      isPublicPrincipal(statement) &&
      grantsAction(statement, INVOKE_FUNCTION_URL) &&
      coversResource(statement, url.functionArn) &&
      admittedUrlAuthTypes(statement).has('NONE') &&
      callerPins(statement).length === 0,
  );
}

/**
 * A function URL with AuthType NONE that the resource policy opens to everyone. Evidence names the
 * URL, the opening statement and, when present, the October-2025 companion statement
 * (InvokeFunction under `lambda:InvokedViaFunctionUrl: true`) that public-invoke leaves to this check.
 */
export const publicFunctionUrlCheck: FunctionCheck = {
  scope: 'function',
  metadata,
  evaluate(fn) {
    const findings: Finding[] = [];
    for (const url of fn.functionUrls) {
      if (url.authType !== 'NONE') continue;
      if (unconditionalDenyOf(fn.resourcePolicy, INVOKE_FUNCTION_URL, url.functionArn) !== undefined) continue;
      const openers = openersOf(fn, url);
      if (openers.length === 0) continue;
      const companions = allowStatementsOf(fn.resourcePolicy).filter(
        ({ statement }) =>
          isPublicPrincipal(statement) &&
          grantsAction(statement, INVOKE_FUNCTION) &&
          onlyViaFunctionUrl(statement) &&
          coversResource(statement, url.functionArn),
      );
      const qualifier = qualifierOf(url.functionArn);
      // An alias's own facts are already named `function:alias`.
      const target = qualifier === undefined || fn.qualified !== undefined ? fn.name : `${fn.name}:${qualifier}`;
      const evidence: Evidence[] = [
        { source: 'function-configuration', note: `function URL ${url.url} (${url.functionArn}) has AuthType NONE` },
        ...openers.map((s) => statementEvidence(s, 'allows Principal "*" lambda:InvokeFunctionUrl for AuthType NONE')),
        ...companions.map((s) =>
          statementEvidence(s, 'allows Principal "*" lambda:InvokeFunction for calls via the function URL'),
        ),
      ];
      // Since October 2025 a new URL also needs the companion statement; older URLs do not, and facts do not say which this is.
      const companionNote =
        companions.length > 0
          ? ''
          : ' No lambda:InvokeFunction statement for URL calls was found: if the URL was created after October 2025 it may still answer 403.';
      findings.push(
        lockFinding(metadata, fn, {
          detail: `${target}: ${url.url} accepts unauthenticated requests from anyone (AuthType NONE, public resource policy).${companionNote}`,
          evidence,
          placeholders: { FunctionName: target },
        }),
      );
    }
    return findings;
  },
};
