/** A template that cannot be read as CloudFormation: says which file, where, and what was expected. */
export class TemplateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
  }
}
