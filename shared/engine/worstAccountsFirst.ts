import type { AccountAuditLine } from './AccountAuditLine.ts';
import { compareAccountRisk } from './compareAccountRisk.ts';

/**
 * Accounts in the order an organization digest lists them: unreadable ones first (their risk is
 * unknown, and nobody sees it otherwise), then worst first (compareAccountRisk), then by account id.
 */
export function worstAccountsFirst(lines: readonly AccountAuditLine[]): AccountAuditLine[] {
  return [...lines].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'unreadable' ? -1 : 1;
    return compareAccountRisk(a, b) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);
  });
}
