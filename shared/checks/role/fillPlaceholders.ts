/**
 * Remediation commands are printed for users to paste into a POSIX shell. Every value that comes
 * from the account (names, ids, documents) is quoted here, so a crafted name cannot turn a printed
 * command into another one, and a placeholder never reaches a command as `<Name>` (which a shell
 * reads as a redirection from a file).
 */

/** A word already quoted for the shell (e.g. a JSON document in single quotes). */
export interface ShellWord {
  readonly shell: string;
}

/** Characters that need no quoting in a POSIX shell word. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word for `value`: as is when plainly safe, else single-quoted. */
export function shellArg(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Single-quotes a JSON document for a POSIX shell. */
export function shellQuoteJson(value: unknown): ShellWord {
  const json = JSON.stringify(value);
  // Documents rarely hold a quote: skip the replace (a scan and a copy) when there is none.
  return { shell: `'${json.includes("'") ? json.replace(/'/g, `'\\''`) : json}'` };
}

/** A value that must be printed as is (already a shell fragment, e.g. a filled sub-command). */
export const shellRaw = (shell: string): ShellWord => ({ shell });

/**
 * Fills `<Placeholder>`s of a remediation command template, quoting each value. A placeholder
 * without a value is an error in the check: commands are printed to be pasted as they are.
 */
export function fillPlaceholders(template: string, values: Record<string, string | ShellWord | undefined>): string {
  const parts = partsOf(template);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = values[name];
    if (value === undefined) throw new Error(`remediation command placeholder <${name}> has no value: ${template}`);
    out += (typeof value === 'string' ? shellArg(value) : value.shell) + (parts[i + 1] as string);
  }
  return out;
}

// Templates are the checks' few constants, filled once per finding: split each into text and
// placeholder names once (text, name, text, name, ..., text).
const templateParts = new Map<string, string[]>();
function partsOf(template: string): string[] {
  let parts = templateParts.get(template);
  if (parts === undefined) templateParts.set(template, (parts = template.split(/<([A-Za-z]+)>/)));
  return parts;
}
