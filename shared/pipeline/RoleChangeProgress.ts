/**
 * How far a role change split across invocations has come (carried by its continuation): functions
 * are read in (role, name) order, a bounded number per invocation, and each role is reported by the first
 * part that holds one of its functions (reportedRoleKey values), so nothing is read twice or lost.
 */
export interface RoleChangeProgress {
  /** Parts done so far, including the one that wrote this. */
  part: number;
  /** The next part starts after this cursor (`<lower-cased role ARN> <function name>`, the order parts follow). */
  startAfter: string;
  /** reportedRoleKey of every role already reported. */
  reportedRoles: string[];
  /**
   * The role index holds every function of these roles (the first part found them there, or wrote
   * what it listed): later parts read it even when no audit vouches for it. False: list again.
   */
  trustIndex: boolean;
}
