/** The CLI's exit codes (a public contract, documented in the README). */
export const EXIT_CODES = {
  /** Nothing at or above --min-severity (or a command without findings succeeded). */
  ok: 0,
  /** Findings at or above --min-severity. */
  findings: 1,
  /** Usage error, unreadable input, or the account could not be read. */
  error: 2,
} as const;
