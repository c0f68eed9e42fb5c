/**
 * An audit result, or one finding, with every text that can come from the input (names, ARNs,
 * details, evidence notes, fix commands) passed through escapeControl, for renderings a person reads
 * (table, alert and digest text, SARIF messages). The JSON rendering keeps the data as read.
 */
import type { Finding } from '../checks/types.ts';
import type { AuditResult } from '../engine/AuditResult.ts';
import { escapeControl } from './escapeControl.ts';

export function displaySafeFinding(f: Finding): Finding {
  return {
    ...f,
    resourceArn: escapeControl(f.resourceArn),
    functionArns: f.functionArns.map(escapeControl),
    title: escapeControl(f.title),
    detail: escapeControl(f.detail),
    evidence: f.evidence.map((e) => ({
      ...e,
      source: escapeControl(e.source),
      note: escapeControl(e.note),
      ...(e.policyArn === undefined ? {} : { policyArn: escapeControl(e.policyArn) }),
      ...(e.statementSid === undefined ? {} : { statementSid: escapeControl(e.statementSid) }),
    })),
    // Fix commands are Keycard's own lines: each line is escaped, the line breaks between them kept.
    remediation: { text: escapeControl(f.remediation.text), cli: f.remediation.cli.split('\n').map(escapeControl).join('\n') },
  };
}

export function displaySafeResult(result: AuditResult): AuditResult {
  return {
    findings: result.findings.map(displaySafeFinding),
    functions: result.functions.map((fn) => ({
      ...fn,
      functionArn: escapeControl(fn.functionArn),
      functionName: escapeControl(fn.functionName),
      roleArn: escapeControl(fn.roleArn),
    })),
    summary: {
      ...result.summary,
      accountId: escapeControl(result.summary.accountId),
      region: escapeControl(result.summary.region),
      // Account names and the reasons an account was not read come from Organizations and AWS errors.
      ...(result.summary.accounts === undefined
        ? {}
        : {
            accounts: result.summary.accounts.map((a) => ({
              ...a,
              ...(a.name === undefined ? {} : { name: escapeControl(a.name) }),
              ...(a.reason === undefined ? {} : { reason: escapeControl(a.reason) }),
              ...(a.state === undefined ? {} : { state: escapeControl(a.state) }),
            })),
          }),
    },
    // Mutes come from the user's mute list: as untrusted for a terminal as the account's names.
    ...(result.muted === undefined
      ? {}
      : {
          muted: result.muted.map(({ finding, mute }) => ({
            finding: displaySafeFinding(finding),
            mute: { checkId: escapeControl(mute.checkId), arn: escapeControl(mute.arn), expires: escapeControl(mute.expires), reason: escapeControl(mute.reason) },
          })),
        }),
  };
}
