import { SEVERITIES } from '../checks/types.ts';
import type { AccountAuditLine } from './AccountAuditLine.ts';

/**
 * Accounts in the order an organization digest lists them: unreadable ones first (their risk is
 * unknown, and nobody sees it otherwise), then by worst-case functions, then by findings of each
 * severity from critical down, then by account id.
 */
export function worstAccountsFirst(lines: readonly AccountAuditLine[]): AccountAuditLine[] {
  return [...lines].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'unreadable' ? -1 : 1;
    if (a.worstCaseFunctions !== b.worstCaseFunctions) return b.worstCaseFunctions - a.worstCaseFunctions;
    for (const severity of SEVERITIES) {
      const difference = b.bySeverity[severity] - a.bySeverity[severity];
      if (difference !== 0) return difference;
    }
    return a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
  });
}
