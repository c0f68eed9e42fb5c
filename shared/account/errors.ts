/** Errors raised while reading an account (snapshot files or live APIs). */

export class AccountReadError extends Error {
  /** What was being read, e.g. `lambda/functions.json` or `GetPolicy orders-api`. */
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(`${source}: ${message}`, options);
    this.name = 'AccountReadError';
    this.source = source;
  }
}

/**
 * The same error (same class: callers still tell denied from throttled from malformed) naming
 * `source` instead, e.g. a snapshot file with its region folder in front.
 */
export function withSource<E extends AccountReadError>(error: E, source: string): E {
  const prefix = `${error.source}: `;
  const detail = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const moved = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as E, error, { source });
  Object.defineProperty(moved, 'message', { value: `${source}: ${detail}`, writable: true, configurable: true });
  Object.defineProperty(moved, 'cause', { value: error, writable: true, configurable: true });
  return moved;
}

/** The caller may not read this resource (AccessDenied). Becomes `evaluation-incomplete`, not a crash. */
export class AccountAccessDeniedError extends AccountReadError {
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(source, message, options);
    this.name = 'AccountAccessDeniedError';
  }
}

/** AWS kept throttling the read until its retry time ran out. Becomes `evaluation-incomplete`, as denied reads do. */
export class AccountThrottledError extends AccountReadError {
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(source, message, options);
    this.name = 'AccountThrottledError';
  }
}

/** A snapshot file is missing or not in the expected AWS CLI output shape. */
export class SnapshotFormatError extends AccountReadError {
  constructor(file: string, expected: string, options?: { cause?: unknown }) {
    super(file, `expected ${expected}`, options);
    this.name = 'SnapshotFormatError';
  }
}

/** A snapshot could not be written (the target is not a snapshot, a name is unsafe, a write failed). */
export class SnapshotWriteError extends Error {
  /** The snapshot directory or file concerned. */
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(`${path}: ${message}`, options);
    this.name = 'SnapshotWriteError';
    this.path = path;
  }
}
