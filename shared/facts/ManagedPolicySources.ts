import { parsePolicyDocument } from '../policy/index.ts';
import type { PolicyDocument, PolicyKind, PolicySource } from '../policy/index.ts';
import type { ManagedPolicyRecord } from '../account/records.ts';

/** A managed policy as a role uses it, or why it cannot be used. */
export type ManagedPolicyUse = { source: PolicySource } | { reason: string };

/**
 * Managed policy documents, each parsed at most once however many roles use it, and one
 * PolicySource object per (policy, use) shared by all of them: an account where 500 roles attach
 * the same policy holds one parsed copy.
 */
export class ManagedPolicySources {
  readonly #records: Map<string, ManagedPolicyRecord>;
  readonly #documents = new Map<string, PolicyDocument | Error>();
  readonly #sources = new Map<string, ManagedPolicyUse>();

  constructor(records: Map<string, ManagedPolicyRecord>) {
    this.#records = records;
  }

  /** As an attached (identity) policy, or as a permissions boundary. */
  use(arn: string, as: 'attached' | 'permissions-boundary', fallbackName?: string): ManagedPolicyUse {
    const key = `${as} ${arn}`;
    let use = this.#sources.get(key);
    if (use === undefined) {
      use = this.#build(arn, as, fallbackName);
      this.#sources.set(key, use);
    }
    return use;
  }

  #build(arn: string, as: 'attached' | 'permissions-boundary', fallbackName?: string): ManagedPolicyUse {
    const record = this.#records.get(arn);
    if (record === undefined) {
      return { reason: 'its default version document was not read (it is not in the account records)' };
    }
    const document = this.#document(record);
    if (document instanceof Error) return { reason: document.message };
    const kind: PolicyKind =
      as === 'permissions-boundary' ? 'permissions-boundary' : isAwsManaged(arn) ? 'aws-managed' : 'customer-managed';
    return { source: { name: record.PolicyName || fallbackName || arn, arn, kind, document } };
  }

  #document(record: ManagedPolicyRecord): PolicyDocument | Error {
    let document = this.#documents.get(record.Arn);
    if (document === undefined) {
      try {
        document = parsePolicyDocument(record.Document, `managed policy ${record.Arn}`);
      } catch (error) {
        document = error instanceof Error ? error : new Error(String(error));
      }
      this.#documents.set(record.Arn, document);
    }
    return document;
  }
}

/** `arn:aws:iam::aws:policy/...` (any partition). */
function isAwsManaged(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}
