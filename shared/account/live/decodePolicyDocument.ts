/**
 * IAM returns policy documents URL-encoded (RFC 3986: `%7B%22Version%22...`); SDK v3 does not
 * decode them, the AWS CLI does. `decodeURIComponent`, not form decoding: `+` stays a `+`
 * (it is literal in ARNs and conditions). A document that already starts with `{` (some emulators
 * return decoded JSON) is returned unchanged, so decoding never happens twice.
 */
export function decodePolicyDocument(document: string): string {
  const trimmed = document.trimStart();
  if (trimmed.startsWith('{')) return document;
  try {
    return decodeURIComponent(document);
  } catch {
    // Not valid percent-encoding: keep the text; the policy parser reports it with its location.
    return document;
  }
}
