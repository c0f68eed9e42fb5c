/** `keycard scan` arguments -> validated options. Every rejection names the flag and what was expected. */
import type { Severity } from '../../shared/checks/types.ts';
import { UsageError } from '../errors.ts';
import { parseCommandArgs } from '../parseCommandArgs.ts';
import { parseMinSeverity, parseReportFormat, type ReportFormat } from './parseReportOptions.ts';
import { parseTrustedAccounts } from './parseTrustedAccounts.ts';

/** Used when --account-id / --region are not given; the report says so. */
export const DEFAULT_SCAN_ACCOUNT_ID = '123456789012';
export const DEFAULT_SCAN_REGION = 'us-east-1';

export interface ScanArgs {
  help: boolean;
  files: string[];
  parameterOverrides: Record<string, string>;
  accountId: string;
  region: string;
  /** Which of accountId/region were defaults, not given. */
  assumed: ('account-id' | 'region')[];
  format: ReportFormat;
  output?: string;
  minSeverity: Severity;
  trustedAccountIds: string[];
}

const OPTIONS = {
  'parameter-overrides': { type: 'string', multiple: true },
  region: { type: 'string' },
  'account-id': { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  'min-severity': { type: 'string' },
  'trusted-accounts': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const OVERRIDE = /^([A-Za-z0-9]+)=(.*)$/s;
/** The CloudFormation CLI form sam also accepts: `ParameterKey=Stage,ParameterValue=prod`. */
const LONG_OVERRIDE = /^ParameterKey=([A-Za-z0-9]+),ParameterValue=(.*)$/s;

/**
 * `keycard scan FILE... [--parameter-overrides KEY=VALUE ...]`: as with `sam deploy`, the values
 * after --parameter-overrides run until the next flag, so `KEY=VALUE` words there are overrides and
 * every other word is a template file.
 */
export function parseScanArgs(argv: string[]): ScanArgs {
  const { rest, overrides } = takeOverrides(argv);
  const { values, positionals } = parseCommandArgs('scan', rest, OPTIONS, true);
  const placeholder: ScanArgs = {
    help: true, files: [], parameterOverrides: {}, accountId: DEFAULT_SCAN_ACCOUNT_ID, region: DEFAULT_SCAN_REGION,
    assumed: [], format: 'table', minSeverity: 'low', trustedAccountIds: [],
  };
  if (values.help) return placeholder;
  if (positionals.length === 0) throw new UsageError('keycard scan: missing FILE (a SAM or CloudFormation template, YAML or JSON)', 'scan');

  const parameterOverrides: Record<string, string> = {};
  for (const word of [...overrides, ...(values['parameter-overrides'] ?? [])]) {
    const match = LONG_OVERRIDE.exec(word) ?? OVERRIDE.exec(word);
    if (!match) {
      throw new UsageError(`keycard scan: --parameter-overrides '${word}' is not KEY=VALUE (e.g. --parameter-overrides Stage=prod BucketName=my-bucket)`, 'scan');
    }
    parameterOverrides[match[1]!] = match[2]!;
  }
  const assumed: ScanArgs['assumed'] = [];
  const accountId = values['account-id'] ?? (assumed.push('account-id'), DEFAULT_SCAN_ACCOUNT_ID);
  if (!/^\d{12}$/.test(accountId)) throw new UsageError(`keycard scan: --account-id '${accountId}' is not a 12-digit AWS account id`, 'scan');
  const region = values.region ?? (assumed.push('region'), DEFAULT_SCAN_REGION);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`keycard scan: --region '${region}' is not an AWS region such as us-east-1`, 'scan');
  if (values.output !== undefined && values.output.trim() === '') throw new UsageError('keycard scan: --output is empty; expected a file path', 'scan');

  return {
    help: false,
    files: positionals,
    parameterOverrides,
    accountId,
    region,
    assumed,
    format: parseReportFormat('scan', values.format),
    ...(values.output !== undefined ? { output: values.output } : {}),
    minSeverity: parseMinSeverity('scan', values['min-severity']),
    trustedAccountIds: parseTrustedAccounts(values['trusted-accounts'] ?? [], 'scan'),
  };
}

/** Pulls `--parameter-overrides A=1 B=2` (space-separated, as sam deploy takes them) out of argv. */
function takeOverrides(argv: string[]): { rest: string[]; overrides: string[] } {
  const rest: string[] = [];
  const overrides: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--parameter-overrides') {
      rest.push(argv[i]!);
      continue;
    }
    const start = i;
    while (i + 1 < argv.length && OVERRIDE.test(argv[i + 1]!) && !argv[i + 1]!.startsWith('-')) overrides.push(argv[++i]!);
    if (i === start) throw new UsageError('keycard scan: --parameter-overrides needs KEY=VALUE (e.g. --parameter-overrides Stage=prod)', 'scan');
  }
  return { rest, overrides };
}


