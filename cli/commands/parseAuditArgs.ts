/** `keycard audit` flags -> validated options. Every rejection names the flag and what was expected. */
import type { Severity } from '../../shared/checks/types.ts';
import { UsageError } from '../errors.ts';
import { parseCommandArgs } from '../parseCommandArgs.ts';
import { DEFAULT_QUALIFIER_MODE } from '../../shared/account/records.ts';
import type { QualifierMode } from '../../shared/account/records.ts';
import { DEFAULT_READ_ROLE_NAME } from '../../shared/account/readRoleName.ts';
import { cutForMessage } from '../../shared/report/cutForMessage.ts';
import { parseApiRate } from './parseApiRate.ts';
import { parseIdList } from './parseIdList.ts';
import { parseMinSeverity, parseReportFormat, type ReportFormat } from './parseReportOptions.ts';
import { parseProfile } from './parseProfile.ts';
import { parseQualifiers } from './parseQualifiers.ts';
import { parseTrustedAccounts } from './parseTrustedAccounts.ts';
import { parseTrustedOrgIds } from './parseTrustedOrgIds.ts';

export { REPORT_FORMATS, type ReportFormat } from './parseReportOptions.ts';

export type AuditSource =
  | { kind: 'snapshot'; dir: string }
  | {
      kind: 'live';
      region?: string;
      apiRate?: number;
      profile?: string;
      /** `--regions`: every enabled region, or these; one report across them (IAM read once). */
      regions?: 'all' | string[];
      /** `--org`: every account of the organization (or `--accounts`), each through its read role. */
      org?: OrgOptions;
    };

export interface OrgOptions {
  /** `--accounts`: these accounts instead of the organization's list (no Organizations rights needed). */
  accounts?: string[];
  /** `--role-name`: the role assumed in each account (default: the member template's KeycardReadRole). */
  roleName: string;
  /** `--account-concurrency`: accounts read at once (each at its own --api-rate: its own Lambda quota). */
  concurrency: number;
}

export const DEFAULT_ACCOUNT_CONCURRENCY = 4;
/** More accounts at once than this gains little on one machine and risks the caller's STS quota. */
const MAX_ACCOUNT_CONCURRENCY = 32;
/** An IAM role name (1-64 of [\w+=,.@-]), optionally after a path (`security/KeycardReadRole`). */
const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

export interface AuditArgs {
  help: boolean;
  source: AuditSource;
  format: ReportFormat;
  output?: string;
  minSeverity: Severity;
  trustedAccountIds: string[];
  /** No progress line and no informational lines on stderr (errors still). */
  quiet: boolean;
  /** --trusted-org-ids: organizations whose accounts may invoke through an aws:PrincipalOrgID pin. */
  trustedOrgIds: string[];
  /** Aliases and versions to read (`--qualifiers`); the report's summary says which. */
  qualifiers: QualifierMode;
  /** `--mute-file`: a mute list (README, "Muting findings"); muted findings are counted, not reported. */
  muteFile?: string;
  /** `--show-muted`: list the muted findings with their reason and expiry. */
  showMuted: boolean;
}

const OPTIONS = {
  snapshot: { type: 'string' },
  live: { type: 'boolean' },
  format: { type: 'string' },
  output: { type: 'string' },
  'min-severity': { type: 'string' },
  'trusted-accounts': { type: 'string', multiple: true },
  'trusted-org-ids': { type: 'string', multiple: true },
  region: { type: 'string' },
  regions: { type: 'string' },
  'api-rate': { type: 'string' },
  profile: { type: 'string' },
  quiet: { type: 'boolean' },
  qualifiers: { type: 'string' },
  'mute-file': { type: 'string' },
  'show-muted': { type: 'boolean' },
  org: { type: 'boolean' },
  'role-name': { type: 'string' },
  accounts: { type: 'string', multiple: true },
  'account-concurrency': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `help: true` (with placeholder values) when --help is given, whatever the other values are. */
export function parseAuditArgs(argv: string[]): AuditArgs {
  const { values } = parseCommandArgs('audit', argv, OPTIONS);
  if (values.help) return { help: true, source: { kind: 'snapshot', dir: '' }, format: 'table', minSeverity: 'low', trustedAccountIds: [], trustedOrgIds: [], quiet: false, qualifiers: DEFAULT_QUALIFIER_MODE, showMuted: false };
  const common = {
    format: parseReportFormat('audit', values.format),
    ...(values.output !== undefined ? { output: nonEmpty('--output', values.output, 'a file path') } : {}),
    minSeverity: parseMinSeverity('audit', values['min-severity']),
    trustedAccountIds: parseTrustedAccounts(values['trusted-accounts'] ?? []),
    quiet: values.quiet === true,
    trustedOrgIds: parseTrustedOrgIds(values['trusted-org-ids'] ?? []),
    qualifiers: parseQualifiers('audit', values.qualifiers, DEFAULT_QUALIFIER_MODE),
    ...(values['mute-file'] !== undefined ? { muteFile: nonEmpty('--mute-file', values['mute-file'], 'a mute list file (README, "Muting findings")') } : {}),
    showMuted: values['show-muted'] === true,
  };
  if (common.showMuted && common.muteFile === undefined) {
    throw new UsageError('keycard audit: --show-muted lists what --mute-file FILE muted; give --mute-file too', 'audit');
  }

  if (values.snapshot !== undefined && values.live) {
    throw new UsageError('keycard audit: give either --snapshot DIR or --live, not both', 'audit');
  }
  if (values.snapshot === undefined && !values.live) {
    throw new UsageError('keycard audit: missing --snapshot DIR or --live (what to audit)', 'audit');
  }
  if (values.snapshot !== undefined) {
    for (const liveOnly of ['region', 'regions', 'api-rate', 'profile', 'org'] as const) {
      if (values[liveOnly] !== undefined) {
        throw new UsageError(`keycard audit: --${liveOnly} applies only to --live, not to --snapshot`, 'audit');
      }
    }
    return { help: false, source: { kind: 'snapshot', dir: nonEmpty('--snapshot', values.snapshot, 'a directory') }, ...common };
  }
  const source: AuditSource = { kind: 'live' };
  if (values.region !== undefined) source.region = nonEmpty('--region', values.region, 'an AWS region such as us-east-1');
  if (values['api-rate'] !== undefined) source.apiRate = parseApiRate('audit', values['api-rate']);
  if (values.profile !== undefined) source.profile = parseProfile('audit', values.profile);
  if (values.regions !== undefined) {
    if (values.region !== undefined) throw new UsageError('keycard audit: give either --region R or --regions all|R1,R2, not both', 'audit');
    source.regions = parseRegions(values.regions);
  }
  if (values.org) source.org = parseOrgOptions(values);
  else {
    for (const orgOnly of ['role-name', 'accounts', 'account-concurrency'] as const) {
      if (values[orgOnly] !== undefined) throw new UsageError(`keycard audit: --${orgOnly} applies only to --live --org (an audit across accounts)`, 'audit');
    }
  }
  return { help: false, source, ...common };
}

function parseOrgOptions(values: { 'role-name'?: string; accounts?: string[]; 'account-concurrency'?: string }): OrgOptions {
  const roleName = values['role-name'] ?? DEFAULT_READ_ROLE_NAME;
  if (!ROLE_NAME.test(roleName)) {
    throw new UsageError(
      `keycard audit: --role-name '${cutForMessage(roleName)}' is not an IAM role name (up to 64 of letters, digits and +=,.@_-, optionally after a path such as security/)`,
      'audit',
    );
  }
  const org: OrgOptions = { roleName, concurrency: DEFAULT_ACCOUNT_CONCURRENCY };
  if (values.accounts !== undefined) {
    org.accounts = parseIdList(
      values.accounts,
      { flag: 'accounts', pattern: /^[0-9]{12}$/, what: 'a 12-digit AWS account id', hint: 'expected e.g. 111122223333,444455556666' },
      'audit',
    );
  }
  const concurrency = values['account-concurrency'];
  if (concurrency !== undefined) {
    const n = /^[0-9]{1,3}$/.test(concurrency) ? Number(concurrency) : Number.NaN;
    if (!(n >= 1 && n <= MAX_ACCOUNT_CONCURRENCY)) {
      throw new UsageError(`keycard audit: --account-concurrency '${cutForMessage(concurrency)}' is not a whole number from 1 to ${MAX_ACCOUNT_CONCURRENCY}`, 'audit');
    }
    org.concurrency = n;
  }
  return org;
}



const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** `all`, or a comma-separated list of region names (each once). */
export function parseRegions(value: string, command: 'audit' | 'snapshot' = 'audit'): 'all' | string[] {
  if (value.trim() === 'all') return 'all';
  const regions = [...new Set(value.split(',').map((r) => r.trim()).filter((r) => r !== ''))];
  const bad = regions.find((r) => !REGION.test(r));
  if (regions.length === 0 || bad !== undefined) {
    throw new UsageError(
      `keycard ${command}: --regions '${value}' is not 'all' or a comma-separated list of AWS regions such as us-east-1,eu-west-1`,
      command,
    );
  }
  return regions;
}

function nonEmpty(flag: string, value: string, expected: string): string {
  if (value.trim() === '') throw new UsageError(`keycard audit: ${flag} is empty; expected ${expected}`, 'audit');
  return value;
}
