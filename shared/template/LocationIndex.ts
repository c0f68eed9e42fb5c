import type { SourceLocation } from '../checks/types.ts';

/** Where each policy's statements were written (one location per statement index). */
export interface PolicyLocations {
  at: SourceLocation;
  statements: SourceLocation[];
}

/**
 * Where the facts scan built came from in the templates: roles, policies and their statements,
 * functions, resource-policy statements, URLs and gaps. Keys are the ARNs and names the facts carry,
 * so a finding (which names those) can be placed at the line at fault.
 */
export class LocationIndex {
  readonly roles = new Map<string, SourceLocation>();
  readonly functions = new Map<string, SourceLocation>();
  /** Where a function's permissions come from: its `Role` or `Policies` property. */
  readonly functionRoles = new Map<string, SourceLocation>();
  readonly functionUrls = new Map<string, SourceLocation>();
  readonly resourcePolicies = new Map<string, SourceLocation[]>();
  readonly #policies = new Map<string, PolicyLocations>();
  /** Keyed by IncompleteFact.what. */
  readonly gaps = new Map<string, SourceLocation>();

  setPolicy(roleArn: string, policyName: string, locations: PolicyLocations): void {
    this.#policies.set(`${roleArn.toLowerCase()}|${policyName}`, locations);
  }

  policy(roleArn: string, policyName: string): PolicyLocations | undefined {
    return this.#policies.get(`${roleArn.toLowerCase()}|${policyName}`);
  }
}
