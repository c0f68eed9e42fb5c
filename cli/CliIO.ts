/** Where the CLI writes, injected so commands run in tests without spawning a process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal: colours are on only then (NO_COLOR / FORCE_COLOR override). */
  isTTY: boolean;
  /** The terminal's width when stdout is one; the table wraps to it (80 otherwise). */
  columns?: number;
  /** Whether stderr is a terminal: the live read's progress line is drawn only then. */
  stderrIsTTY?: boolean;
  /** stderr's width in columns, when it is a terminal (the progress line is cut to fit). */
  stderrColumns?: number;
  env?: Record<string, string | undefined>;
}
