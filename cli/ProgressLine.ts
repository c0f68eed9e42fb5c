/**
 * One status line on a terminal, redrawn in place: each `show` returns to the start of the line
 * (`\r`), writes the text cut to the terminal's width (a wrapped line could not be redrawn) and
 * erases what an older, longer text left (`ESC[K`); `clear` leaves the line empty for what follows.
 */
export interface ProgressLineTarget {
  write(text: string): void;
  /** Terminal width; 80 when unknown. */
  columns?: number;
}

const ERASE_TO_END = '\u001b[K';

export class ProgressLine {
  readonly #target: ProgressLineTarget;
  #shown = false;

  constructor(target: ProgressLineTarget) {
    this.#target = target;
  }

  show(text: string): void {
    const width = Math.max(10, (this.#target.columns ?? 80) - 1);
    const line = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.#target.write(`\r${line}${ERASE_TO_END}`);
    this.#shown = true;
  }

  clear(): void {
    if (this.#shown) this.#target.write(`\r${ERASE_TO_END}`);
    this.#shown = false;
  }
}
