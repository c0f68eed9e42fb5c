/**
 * Text from the input (names, ARNs, policy strings, file contents) made safe to print: C0 and C1
 * control characters, DEL, and the Unicode line/paragraph separators and bidirectional overrides are
 * shown as escapes (`\x1b`, `\n`, `\u202e`), so a crafted name can neither move the cursor, colour
 * the terminal, start a fake line, nor reorder what is shown. Pure; printable text is unchanged.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw: all but the C0 controls (those it escapes itself, and the layout's newlines must stay). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON text with the same characters written as `\uXXXX` escapes: the data a parser reads is
 * unchanged, but a terminal shown the raw output sees no C1 control or direction override
 * (JSON.stringify escapes only C0 controls).
 */
export function escapeControlInJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
