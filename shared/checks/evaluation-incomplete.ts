import type { FunctionFacts, IncompleteFact, RoleFacts } from '../facts/types.ts';
import { accountOfPrincipal } from '../policy/index.ts';
import type { PolicySource } from '../policy/types.ts';
import type { CheckContext, CheckMetadata, Door, Evidence, Finding, FunctionCheck } from './types.ts';
import { allowStatementsOf, type LockStatement } from './lock/LockStatement.ts';
import { coversResource } from './lock/grantsAction.ts';
import { statementEvidence } from './lock/lockFinding.ts';
import { fillPlaceholders } from './role/fillPlaceholders.ts';
import { principalSetOf } from './lock/statementFacts.ts';
import { unsupportedOperatorsIn } from './lock/unsupportedOperators.ts';

const metadata: CheckMetadata = {
  id: 'evaluation-incomplete',
  severity: 'info',
  door: 'resource-policy',
  title: 'Part of the account could not be read or judged',
  rationale:
    'Keycard reports what it could not read (a missing file, an access-denied API call, an execution role that ' +
    'does not exist) or could not judge (a condition operator it does not understand, a principal it cannot ' +
    'attribute to an account) instead of skipping it silently. The other checks may be missing findings for ' +
    'the resource named here. A read that failed (denied, throttled past its retry time, or failed) is raised ' +
    'to medium, so it shows at the default minimum severity: what it hides may be anything.',
  remediation: {
    text:
      'Make the named data readable (grant the auditing principal the read permission, or add the missing ' +
      'snapshot file) and audit again; for unsupported conditions, review the statement by hand.',
    cli: 'aws lambda get-function --region <Region> --function-name <FunctionName>',
  },
};

const ROLE_CLI = 'aws iam get-role --role-name <RoleName>';
const ACCOUNT_CLI = 'aws iam get-account-authorization-details';
const POLICY_CLI = 'aws lambda get-policy --region <Region> --function-name <FunctionName>';

/** A read that failed hides the door entirely: shown by default. Judgement gaps keep the default (info). */
const READ_FAILURE_SEVERITY = 'medium';

interface Gap {
  /** The function, the role, or the account root ARN. */
  resourceArn: string;
  functionArns: string[];
  /** Which door the gap hides: role gaps hide keycard findings. */
  door: Door;
  detail: string;
  evidence: Evidence;
  cli: string;
  /** Set when a read failed: the finding is raised to READ_FAILURE_SEVERITY. */
  cause?: IncompleteFact['cause'];
}

function gapFinding(gap: Gap): Finding {
  return {
    checkId: metadata.id,
    severity: gap.cause === undefined ? metadata.severity : READ_FAILURE_SEVERITY,
    door: gap.door,
    resourceArn: gap.resourceArn,
    functionArns: gap.functionArns,
    title: metadata.title,
    detail: gap.detail,
    evidence: [gap.evidence],
    remediation: { text: metadata.remediation.text, cli: gap.cli },
  };
}

const factNote = (gap: IncompleteFact): string => `${gap.what}: ${gap.reason}`;

/** Positions the evaluator reports (index, Sid) as a LockStatement, for statementEvidence. */
function positionOf(index: number, sid: string | undefined): LockStatement {
  const statement = { Effect: 'Allow' as const };
  return sid === undefined ? { statement, index } : { statement, index, sid };
}

/** Gaps that belong to one function: its read problems, its role, and what its lock checks could not judge. */
function functionGaps(fn: FunctionFacts, role: RoleFacts | undefined): Gap[] {
  const on = { resourceArn: fn.arn, functionArns: [fn.arn] };
  const policyCli = fillPlaceholders(POLICY_CLI, { FunctionName: fn.name, Region: fn.region });
  const roleCli = fillPlaceholders(ROLE_CLI, { RoleName: fn.roleArn.split('/').pop() });
  const gaps: Gap[] = fn.incomplete.map((gap) => ({
    ...on,
    // A missing execution role hides the keycard's findings, not the lock's.
    door: gap.concerns === 'execution-role' ? 'role' : 'resource-policy',
    detail: `${fn.name}: ${factNote(gap)}${gap.concerns === 'execution-role' ? '; role checks did not run for this function' : ''}.`,
    evidence: { source: 'function-configuration', note: factNote(gap) },
    cli: gap.concerns === 'execution-role' ? roleCli : fillPlaceholders(metadata.remediation.cli, { FunctionName: fn.name, Region: fn.region }),
    ...(gap.cause === undefined ? {} : { cause: gap.cause }),
  }));
  // One finding per cause: facts built by toAccountFacts already name the missing role.
  if (role === undefined && !fn.incomplete.some((gap) => gap.concerns === 'execution-role')) {
    const note = `execution role ${fn.roleArn} could not be read (absent from the account's roles); role checks did not run for this function`;
    gaps.push({ ...on, door: 'role', detail: `${fn.name}: ${note}.`, evidence: { source: 'function-configuration', note }, cli: roleCli });
  }
  for (const use of unsupportedOperatorsIn(fn.resourcePolicy)) {
    const note = `condition operator(s) ${use.operators.join(', ')} not supported; the statement was treated as unknown (never a safeguard)`;
    const evidence = statementEvidence(positionOf(use.statementIndex, use.sid), note);
    gaps.push({ ...on, door: 'resource-policy', detail: `${fn.name}: resource policy ${note}.`, evidence, cli: policyCli });
  }
  for (const s of allowStatementsOf(fn.resourcePolicy)) {
    const unattributable = principalSetOf(s.statement).aws.filter((p) => accountOfPrincipal(p) === undefined);
    if (unattributable.length === 0) continue;
    const note =
      `principal(s) ${unattributable.join(', ')} cannot be attributed to an account (a deleted role or user leaves ` +
      'its unique id); cross-account-invoke could not judge them';
    gaps.push({ ...on, door: 'resource-policy', detail: `${fn.name}: ${note}.`, evidence: statementEvidence(s, note), cli: policyCli });
  }
  for (const url of fn.functionUrls) {
    if (url.authType !== 'NONE' || url.functionArn === fn.arn) continue;
    // A URL on an alias is governed by the alias's own policy; no statement covering the alias means it was not read.
    const read = allowStatementsOf(fn.resourcePolicy).some(
      ({ statement }) => statement.Resource !== undefined && coversResource(statement, url.functionArn),
    );
    if (read) continue;
    const qualifier = url.functionArn.split(':')[7] ?? '';
    const note =
      `function URL ${url.url} on ${url.functionArn} has AuthType NONE but no resource-policy statement for that ` +
      'qualifier was read; public-function-url could not judge it';
    gaps.push({
      ...on,
      door: 'resource-policy',
      detail: `${fn.name}: ${note}.`,
      evidence: { source: 'function-configuration', note },
      cli: `${policyCli} --qualifier ${qualifier}`,
    });
  }
  return gaps;
}

/** Gaps of one role: read problems, and (when it serves a function) operators its policies use that cannot be judged. */
function roleGaps(role: RoleFacts, functionArns: string[]): Gap[] {
  const on = { resourceArn: role.arn, functionArns, door: 'role' as const, cli: fillPlaceholders(ROLE_CLI, { RoleName: role.name }) };
  const gaps: Gap[] = role.incomplete.map((gap) => ({
    ...on,
    detail: `Role ${role.name}: ${factNote(gap)}.`,
    evidence: { source: 'role', note: factNote(gap) },
    ...(gap.cause === undefined ? {} : { cause: gap.cause }),
  }));
  if (functionArns.length === 0) return gaps; // role checks do not judge roles that serve no function
  const sources: PolicySource[] = [...role.policies];
  if (role.permissionsBoundary !== undefined) sources.push(role.permissionsBoundary);
  if (role.trustPolicy !== undefined) sources.push({ name: 'trust-policy', kind: 'trust', document: role.trustPolicy });
  for (const source of sources) {
    for (const use of unsupportedOperatorsIn(source.document)) {
      const note =
        `condition operator(s) ${use.operators.join(', ')} in ${source.arn ?? source.name} statement ` +
        `${use.sid ?? use.statementIndex} not supported; treated as unknown (never a grant, never a safeguard)`;
      const evidence: Evidence = { source: source.name, statementIndex: use.statementIndex, note };
      if (source.arn !== undefined) evidence.policyArn = source.arn;
      if (use.sid !== undefined) evidence.statementSid = use.sid;
      gaps.push({ ...on, detail: `Role ${role.name}: ${note}.`, evidence });
    }
  }
  return gaps;
}

/**
 * Something could not be read or judged; one finding per gap, never silently skipped. Per function:
 * its read gaps, an unreadable execution role, unsupported operators and unattributable principals in
 * its resource policy, alias URLs whose policy was not read. Once per account: account-level gaps
 * (resourceArn `arn:<partition>:iam::<account>:root`), every role's read gaps — also roles that serve
 * no function — and unsupported operators in the policies of roles that serve one.
 */
export const evaluationIncompleteCheck: FunctionCheck = {
  scope: 'function',
  metadata,
  evaluate(fn, role) {
    return functionGaps(fn, role).map(gapFinding);
  },
  evaluateAccount(context: CheckContext) {
    const { account } = context;
    const accountArn = `arn:${account.partition}:iam::${account.accountId}:root`;
    const gaps: Gap[] = account.incomplete.map((gap) => ({
      resourceArn: accountArn,
      functionArns: [],
      door: 'resource-policy',
      detail: `Account ${account.accountId}: ${factNote(gap)}.`,
      evidence: { source: 'account', note: factNote(gap) },
      cli: ACCOUNT_CLI,
    ...(gap.cause === undefined ? {} : { cause: gap.cause }),
    }));
    // Role ARNs compared case-insensitively, as the engine matches functions to roles.
    const servedBy = new Map<string, string[]>();
    for (const fn of account.functions) {
      const key = fn.roleArn.toLowerCase();
      const list = servedBy.get(key);
      if (list === undefined) servedBy.set(key, [fn.arn]);
      else list.push(fn.arn);
    }
    for (const role of account.roles.values()) gaps.push(...roleGaps(role, servedBy.get(role.arn.toLowerCase()) ?? []));
    return gaps.map(gapFinding);
  },
};
