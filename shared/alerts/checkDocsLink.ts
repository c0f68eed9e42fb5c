/**
 * Where a check is explained: its section in docs/checks.md (the heading is the check id, so the
 * anchor is the id). Keycard has no published documentation site, so an alert can link only where
 * the deployer says the docs are (the stack's CheckDocsUrl: their fork, mirror or wiki copy of
 * docs/checks.md). Without it the line names the file in Keycard's source rather than printing a
 * relative path that no mail client can open.
 */
export const CHECK_DOCS = 'docs/checks.md';

export function checkDocsLink(checkId: string, checkDocsUrl?: string): string {
  if (checkDocsUrl === undefined || checkDocsUrl === '') return `${CHECK_DOCS}#${checkId} in Keycard's source`;
  return `${checkDocsUrl.replace(/#.*$/, '')}#${checkId}`;
}
