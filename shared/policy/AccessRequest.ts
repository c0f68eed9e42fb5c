/** The question asked of the evaluator: may the principal do `action` on `resource`? */
export interface AccessRequest {
  /** `service:Action`, matched case-insensitively. */
  action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  resource: string;
  /**
   * Condition keys (compared case-insensitively) with the values the request would carry. A key left
   * out is unknown, so conditions on it stay open; a key mapped to `[]` is known to be absent from
   * the request (IAM's missing-key rules then apply: `Null` true, `...IfExists` true, and so on).
   */
  context?: Record<string, string | string[] | boolean | number>;
}
