/**
 * Which functions run with which execution role, kept so a role change reads those functions instead
 * of listing the region (201 ListFunctions pages at 10,000 functions). Written by complete audits and
 * by function events; read by role changes, which verify every entry against the function itself.
 *
 * Entries are only ever added by what saw a function run with a role, and removed only after a read
 * showed the function gone or on another role, or after CloudTrail said it was deleted (and nothing
 * indexed it again since): a stale entry costs one read, a missing one would hide a function. The index is trusted only while a complete audit vouches for it (`cold` otherwise), and
 * a role with more functions than an entry holds is `cold` for that lookup: callers list instead.
 */

export interface RoleFunctionEntry {
  /** Execution role ARN, as the function configuration names it (compared case-insensitively). */
  roleArn: string;
  /** Unqualified function ARN (`$LATEST`). */
  functionArn: string;
}

/** What forgetting a deleted function (or one alias or version of it) did. */
export interface ForgetResult {
  /** The entries removed (each role the function, alias or version was indexed under). */
  removed: RoleFunctionEntry[];
  /** Why entries were kept instead (the function was indexed again after its deletion). */
  kept?: string;
}

export type RoleIndexLookup =
  | {
      state: 'warm';
      /** Function ARNs indexed under each role asked for, keyed by the lower-cased role ARN (empty: none). */
      functions: Map<string, string[]>;
      /** When the audit that vouches for the index finished. */
      completedAt: string;
      /**
       * The regions that audit listed (every function there is indexed); absent when its marker does
       * not say (an audit before regions were recorded, or entries trusted without an audit).
       */
      regions?: string[];
    }
  | { state: 'cold'; reason: string };

export interface RoleFunctionIndex {
  /**
   * The functions indexed under these roles. `trustWithoutAudit`: read the entries even when no
   * complete audit vouches for them (a continuation whose first part just wrote them from a listing).
   */
  lookup(roleArns: readonly string[], options?: { trustWithoutAudit?: boolean }): Promise<RoleIndexLookup>;
  /** Adds each function under its role. */
  add(entries: readonly RoleFunctionEntry[]): Promise<void>;
  /** Removes entries a read proved stale (the function is gone or runs with another role). */
  remove(entries: readonly RoleFunctionEntry[]): Promise<void>;
  /**
   * Removes the entries of a function CloudTrail says was deleted at `deletedAt` (unqualified ARN:
   * the function with its aliases and versions; `qualifier`: that alias or version only), without
   * reading it: its role is gone with it, so the index must remember which roles it was added under.
   * Entries indexed at or after `deletedAt` (a function re-created under the same name) are kept.
   */
  forgetDeleted(functionArn: string, options: { deletedAt: Date; qualifier?: string }): Promise<ForgetResult>;
  /**
   * A complete audit indexed every function it listed in `regions`: the index may be trusted (for a
   * while) for functions in those regions.
   */
  markComplete(completedAt: Date, auditId: string, regions?: readonly string[]): Promise<void>;
}
