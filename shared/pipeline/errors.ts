/** Errors raised while wiring an evaluation together (configuration, continuation payloads). */

export class PipelineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PipelineError';
  }
}

/** A required environment variable is missing or malformed. Thrown at cold start: fail fast. */
export class ConfigurationError extends PipelineError {
  /** The environment variable, e.g. `FINDINGS_TOPIC_ARN`. */
  readonly variable: string;
  /** What is wrong with it, e.g. `is not set`. */
  readonly problem: string;
  constructor(variable: string, problem: string) {
    super(`environment variable ${variable} ${problem}; set it in template.yaml (or your shell for \`npm run invoke\`).`);
    this.name = 'ConfigurationError';
    this.variable = variable;
    this.problem = problem;
  }
}
