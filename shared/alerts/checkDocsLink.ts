/**
 * Where a check is explained: its section in docs/checks.md (the heading is the check id, so the
 * anchor is the id). Relative to the Keycard repository: the project has no published URL yet; set
 * CHECK_DOCS once it has one and every alert links there.
 */
export const CHECK_DOCS = 'docs/checks.md';

export function checkDocsLink(checkId: string): string {
  return `${CHECK_DOCS}#${checkId}`;
}
