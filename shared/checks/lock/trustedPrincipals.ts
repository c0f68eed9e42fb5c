import { accountOfPrincipal } from '../../policy/index.ts';

/**
 * The `--trusted-accounts` allow-list, normalised. Entries may be account ids, root ARNs
 * (`arn:aws:iam::111122223333:root`, trusting the whole account), other principal ARNs (trusting that
 * principal only) or organization ids (`o-...`, trusting aws:PrincipalOrgID pins to it).
 */
export interface TrustedPrincipals {
  accounts: Set<string>;
  principalArns: Set<string>;
  organizations: Set<string>;
}

// One options object serves every function of an audit: normalise its list once.
const cache = new WeakMap<readonly string[], TrustedPrincipals>();

export function trustedPrincipalsOf(entries: readonly string[]): TrustedPrincipals {
  const cached = cache.get(entries);
  if (cached !== undefined) return cached;
  const trusted: TrustedPrincipals = { accounts: new Set(), principalArns: new Set(), organizations: new Set() };
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (/^o-[a-z0-9]+$/.test(entry)) trusted.organizations.add(entry);
    else if (/^\d{12}$/.test(entry) || /^arn:[^:]+:iam::\d{12}:root$/.test(entry)) {
      const account = accountOfPrincipal(entry);
      if (account !== undefined) trusted.accounts.add(account);
    } else trusted.principalArns.add(entry.toLowerCase());
  }
  cache.set(entries, trusted);
  return trusted;
}

/** Whether a principal (account id or ARN) is the function's own account or trusted. */
export function isTrustedPrincipal(principal: string, ownAccount: string, trusted: TrustedPrincipals): boolean {
  const account = accountOfPrincipal(principal);
  if (account === ownAccount || (account !== undefined && trusted.accounts.has(account))) return true;
  return trusted.principalArns.has(principal.toLowerCase());
}
