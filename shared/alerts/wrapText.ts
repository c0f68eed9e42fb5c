/**
 * Wraps prose to `width` columns with `indent`. Words longer than the line (URLs, ARNs) are kept
 * whole on their own line: a broken URL or ARN is worse in an email than a long line.
 */
export function wrapText(text: string, width = 78, indent = ''): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) {
      out.push('');
      continue;
    }
    let line = indent;
    for (const word of words) {
      if (line.trim() === '') line = indent + word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        out.push(line);
        line = indent + word;
      }
    }
    out.push(line);
  }
  return out;
}
