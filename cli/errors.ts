/** CLI errors. Every one becomes a single line on stderr and exit code 2. */

export class CliError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** Bad flags or values: says which flag, what was given and what was expected. */
export class UsageError extends CliError {
  /** The command whose help to point at, e.g. `audit`; undefined for the top level. */
  readonly command: string | undefined;
  constructor(message: string, command?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** A file or directory the user named cannot be used (missing snapshot directory, unwritable --output). */
export class InputError extends CliError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}
