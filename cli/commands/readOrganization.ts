/**
 * `keycard audit --live --org`: the organization's accounts (or `--accounts`), each read through its
 * role (assumed with the CLI's credentials), several at once (`--account-concurrency`), each with
 * readers of its own and so its own Lambda rate budget (every account has its own quota), each
 * evaluated on its own and merged into one result. An account that cannot be read (the role is
 * missing or does not trust the caller, an SCP denies, an account-level read fails) is kept: a row
 * that says so and an `evaluation-incomplete` finding on the account; accounts Organizations lists
 * as not ACTIVE are skipped and listed with their state.
 */
import { AccountAccessDeniedError, AccountThrottledError } from '../../shared/account/errors.ts';
import { forEachConcurrently } from '../../shared/account/forEachConcurrently.ts';
import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import type { QualifierMode } from '../../shared/account/records.ts';
import type { AuditResult } from '../../shared/engine/AuditResult.ts';
import { mergeAccountResults } from '../../shared/engine/mergeAccountResults.ts';
import type { AccountStanding } from '../../shared/engine/summarizeAccounts.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';
import type { AccountFacts, IncompleteFact } from '../../shared/facts/types.ts';
import type { CliDeps } from '../CliDeps.ts';
import type { CliIO } from '../CliIO.ts';
import { InputError } from '../errors.ts';
import { formatCallCounts } from '../formatCallCounts.ts';
import type { OrgOptions } from './parseAuditArgs.ts';
import { readRegions } from './readRegions.ts';

export interface OrganizationReadOptions {
  org: OrgOptions;
  region?: string;
  regions?: string[];
  apiRate?: number;
  profile?: string;
  qualifiers: QualifierMode;
  quiet: boolean;
}

export interface OrganizationRead {
  /** Every account's findings and functions, each with its accountId (mergeAccountResults). */
  result: AuditResult;
  /** Every account, in the order listed: audited, unreadable (and why) or skipped (and why). */
  standings: AccountStanding[];
  /** Calls made in each member account (by its readers), and in the caller's account. */
  callCounts: { caller: Record<string, number>; accounts: Record<string, Record<string, number>> };
}

interface Target {
  id: string;
  name?: string;
}

export async function readOrganization(
  options: OrganizationReadOptions,
  deps: CliDeps,
  io: CliIO,
  evaluate: (facts: AccountFacts) => AuditResult,
): Promise<OrganizationRead> {
  const { org, profile } = options;
  if (deps.assumeRole === undefined) throw new InputError('--org: this build cannot assume roles in other accounts');
  const assumeRole = deps.assumeRole;
  // Who we are (the partition of the role ARNs) and the region everything is read in.
  const caller = await deps.createLiveReader({ ...(options.region !== undefined ? { region: options.region } : {}), ...(profile !== undefined ? { profile } : {}) });
  const { partition, region } = await caller.identity();
  const callerCalls: Record<string, number> = { ...caller.callCounts?.() };

  const standings: AccountStanding[] = [];
  let targets: Target[];
  if (org.accounts !== undefined) {
    targets = org.accounts.map((id) => ({ id }));
  } else {
    if (deps.listOrganizationAccounts === undefined) throw new InputError('--org: this build cannot list the organization\'s accounts; name them with --accounts ID,...');
    const listed = await deps.listOrganizationAccounts({ region, ...(profile !== undefined ? { profile } : {}) });
    callerCalls['organizations:ListAccounts'] = listed.calls;
    targets = listed.active.map(({ id, name }) => ({ id, name }));
    for (const skipped of listed.skipped) {
      standings.push({ accountId: skipped.id, name: skipped.name, status: 'skipped', state: skipped.status, reason: `not audited: the account is ${skipped.status} in Organizations` });
    }
  }

  const results = new Map<string, AuditResult>();
  const audited = new Map<string, AccountStanding>();
  const accountCalls: Record<string, Record<string, number>> = {};
  let done = 0;
  await forEachConcurrently(targets, org.concurrency, async (target) => {
    const named = target.name === undefined || target.name === '' ? {} : { name: target.name };
    try {
      const credentials = await assumeRole({ accountId: target.id, roleName: org.roleName, partition, region, ...(profile !== undefined ? { profile } : {}) });
      const { facts, calls } = await readMember(deps, options, region, credentials);
      accountCalls[target.id] = calls;
      results.set(target.id, evaluate(facts));
      audited.set(target.id, { accountId: target.id, ...named, status: 'audited' });
      const functions = facts.functions.filter((f) => f.qualified === undefined).length;
      note(io, options.quiet, `account ${target.id}${target.name ? ` (${target.name})` : ''}: ${functions} function${functions === 1 ? '' : 's'} read, ${formatCallCounts(calls)}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      results.set(target.id, evaluate(unreadableAccount(target.id, partition, region, reason, causeOf(error))));
      audited.set(target.id, { accountId: target.id, ...named, status: 'unreadable', reason });
      note(io, options.quiet, `account ${target.id}: not audited: ${reason}`);
    }
    done += 1;
    if (done % 10 === 0 && done < targets.length) note(io, options.quiet, `${done} of ${targets.length} accounts read`);
  });

  // The listed order, not the order reads finished in: the same organization always prints the same.
  const ordered = targets.map((t) => t.id);
  return {
    result: mergeAccountResults(ordered.map((id) => results.get(id)!)),
    standings: [...ordered.map((id) => audited.get(id)!), ...standings],
    callCounts: { caller: callerCalls, accounts: accountCalls },
  };
}

/** One member account's facts, through readers signing with its role; across regions when asked. */
async function readMember(
  deps: CliDeps,
  options: OrganizationReadOptions,
  region: string,
  credentials: NonNullable<Awaited<ReturnType<NonNullable<CliDeps['assumeRole']>>>>,
): Promise<{ facts: AccountFacts; calls: Record<string, number> }> {
  const rate = options.apiRate !== undefined ? { lambdaRate: options.apiRate } : {};
  if (options.regions !== undefined) {
    const read = await readRegions(deps, { regions: options.regions, qualifiers: options.qualifiers, credentials, ...(options.apiRate !== undefined ? { apiRate: options.apiRate } : {}) });
    return { facts: read.facts, calls: sumCounts(Object.values(read.callCounts)) };
  }
  const reader = await deps.createLiveReader({ region, credentials, ...rate });
  const identity = await reader.identity();
  const records = await readAccountRecords(reader, { qualifiers: options.qualifiers });
  return { facts: toAccountFacts(identity, records), calls: reader.callCounts?.() ?? {} };
}

/** An account with nothing read: its only fact is why, which evaluation-incomplete reports on the account. */
function unreadableAccount(accountId: string, partition: string, region: string, reason: string, cause: IncompleteFact['cause']): AccountFacts {
  return {
    accountId,
    region,
    partition,
    roles: new Map(),
    functions: [],
    incomplete: [{ what: 'nothing in this account was audited; it could not be read', reason, ...(cause === undefined ? {} : { cause }) }],
  };
}

function causeOf(error: unknown): IncompleteFact['cause'] {
  if (error instanceof AccountAccessDeniedError) return 'denied';
  if (error instanceof AccountThrottledError) return 'throttled';
  return 'failed';
}

export function sumCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const c of counts) for (const [api, n] of Object.entries(c)) total[api] = (total[api] ?? 0) + n;
  return total;
}

function note(io: CliIO, quiet: boolean, text: string): void {
  if (!quiet) io.stderr(`keycard: ${text}\n`);
}
