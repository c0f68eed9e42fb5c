import { wrapText } from '../alerts/wrapText.ts';

/**
 * Wraps printed AWS CLI commands to a width without changing what a shell runs when they are pasted:
 * - between words, a line ends with ` \` (a continuation) and the next is indented two more;
 * - inside a single-quoted JSON document, a line breaks only after `,` `{` `[` outside JSON strings:
 *   the newline and the indentation land inside the quotes as JSON whitespace, which IAM ignores;
 * - a comment line (`# ...`) wraps as several comment lines;
 * - a word that cannot be broken (a long ARN) is left whole on its line: a broken ARN is worse than a
 *   long line.
 */
export function wrapCommand(command: string, width: number, indent: string): string[] {
  const out: string[] = [];
  for (const line of command.split('\n')) {
    if (line.startsWith('#')) {
      out.push(...wrapText(line.replace(/^#\s*/, ''), width - 2, indent).map((l) => `${indent}# ${l.slice(indent.length)}`));
      continue;
    }
    out.push(...wrapCommandLine(line, width, indent));
  }
  return out;
}

/**
 * Splits a command line into shell words, keeping quotes (the line is Keycard's own, quoted by
 * shellArg), and keeps a `--flag` with its value, so that a wrapped line never ends on a bare flag
 * unless the pair cannot fit on one line.
 */
function wordUnits(line: string): string[] {
  const units: string[] = [];
  for (const word of shellWords(line)) {
    const last = units.at(-1);
    // `&&` stays with the command before it, so that a line never starts with it.
    if (last !== undefined && (word === '&&' || (/^--[a-z-]+$/.test(last) && !word.startsWith('--')))) units[units.length - 1] = `${last} ${word}`;
    else units.push(word);
  }
  return units;
}

function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === "'") quoted = !quoted;
    if (ch === ' ' && !quoted) {
      if (word !== '') words.push(word);
      word = '';
      continue;
    }
    word += ch;
  }
  if (word !== '') words.push(word);
  return words;
}

/** Places where a single-quoted JSON word may break: after `,` `{` `[` outside JSON strings. */
function jsonBreakPoints(word: string): number[] {
  const points: number[] = [];
  let inString = false;
  let escaped = false;
  let inQuote = false;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (ch === "'" && !inString) {
      inQuote = !inQuote;
      continue;
    }
    if (!inQuote) continue;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === ',' || ch === '{' || ch === '[') points.push(i + 1);
  }
  return points;
}

function wrapCommandLine(line: string, width: number, indent: string): string[] {
  const continued = line.endsWith(' \\');
  const words = wordUnits(continued ? line.slice(0, -2) : line);
  const lines: string[] = [];
  const next = `${indent}  `;
  let current = indent;
  const fits = (text: string, reserve: number) => text.length + reserve <= width;
  const flush = (suffix: string) => {
    lines.push(current + suffix);
    current = next;
  };
  for (const word of words) {
    const sep = current.trim() === '' ? '' : ' ';
    if (fits(current + sep + word, 2)) {
      current += sep + word;
      continue;
    }
    if (current.trim() !== '' && fits(next + word, 2)) {
      flush(' \\');
      current += word;
      continue;
    }
    // A flag and its value that fit no line together: the flag ends one line, the value goes on.
    const pair = /^(--[a-z-]+) (.*)$/s.exec(word);
    if (pair && !pair[2]!.startsWith("'")) {
      if (current.trim() !== '') flush(' \\');
      current += pair[1];
      flush(' \\');
      current += pair[2];
      continue;
    }
    // Too long for any line: break it inside its JSON document where that is safe, on a line of its
    // own unless its head (up to the first break) still fits here.
    const head = word.slice(0, jsonBreakPoints(word)[0] ?? word.length);
    if (current.trim() !== '' && !fits(current + sep + head, 0)) {
      flush(' \\');
      current = appendBroken(current, word, width, next, lines);
    } else current = appendBroken(current + sep, word, width, next, lines);
  }
  lines.push(current + (continued ? ' \\' : ''));
  return lines;
}

/** Appends a long word to `current`, breaking at JSON break points; returns the open last line. */
function appendBroken(current: string, word: string, width: number, next: string, lines: string[]): string {
  const points = jsonBreakPoints(word);
  let from = 0;
  let line = current;
  while (from < word.length) {
    const room = width - line.length;
    const candidates = points.filter((p) => p > from && p - from <= room);
    const rest = word.slice(from);
    if (rest.length <= room || candidates.length === 0) {
      // The rest fits, or no safe break: take up to the next break point (or all) and move on.
      const cut = rest.length <= room ? word.length : (points.find((p) => p > from) ?? word.length);
      line += word.slice(from, cut);
      from = cut;
    } else {
      const cut = candidates.at(-1)!;
      line += word.slice(from, cut);
      from = cut;
    }
    if (from < word.length) {
      lines.push(line);
      line = `${next}  `;
    }
  }
  return line;
}
