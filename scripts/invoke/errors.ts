/** Errors of `npm run invoke`: what was wrong with the command line, template or event file, and what to do. */
export class InvokeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvokeError';
  }
}
