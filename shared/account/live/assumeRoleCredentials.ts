/**
 * Credentials for a role in another account of the organization (the member template's read role,
 * or its remediation role): STS AssumeRole through the SDK's fromTemporaryCredentials.
 *
 * One provider is meant to serve every client of one account (IAM, Lambda, STS...). Each SDK client
 * memoizes its credentials on its own, so the session is kept here too: one AssumeRole per account
 * and per hour, not one per client, renewed a few minutes before it expires.
 *
 * A failed AssumeRole surfaces as an AccountAccessDeniedError (denied: the role is missing, does not
 * trust the caller, or an SCP blocks it) or an AccountReadError, named `AssumeRole <role ARN>`, so
 * whichever read came first reports the role, not the read.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { FromTemporaryCredentialsOptions } from '@aws-sdk/credential-providers';
import { AccountAccessDeniedError, AccountReadError } from '../errors.ts';
import { classifyAwsError } from './classifyAwsError.ts';

/** The SDK's credential provider type (@smithy/types), named through a package we depend on. */
export type AwsCredentialIdentityProvider = Extract<NonNullable<FromTemporaryCredentialsOptions['masterCredentials']>, (...args: never[]) => unknown>;
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

export { DEFAULT_READ_ROLE_NAME } from '../readRoleName.ts';
/** Shown in the member account's CloudTrail as the session that read it. */
export const DEFAULT_SESSION_NAME = 'keycard-audit';
/** Renew this long before the session expires, so no call is signed with credentials about to lapse. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

export interface AssumeRoleCredentialsOptions {
  accountId: string;
  roleName: string;
  /** `aws` unless the caller is in aws-cn or aws-us-gov (take it from the caller's identity). */
  partition?: string;
  /** Where STS is called (its regional endpoint). */
  region: string;
  sessionName?: string;
  externalId?: string;
  /** Whose credentials assume the role; default: the SDK's default chain. */
  masterCredentials?: AwsCredentialIdentityProvider;
}

export function assumeRoleCredentials(options: AssumeRoleCredentialsOptions): AwsCredentialIdentityProvider {
  const roleArn = roleArnFor(options.accountId, options.roleName, options.partition);
  const assume = fromTemporaryCredentials({
    params: {
      RoleArn: roleArn,
      RoleSessionName: options.sessionName ?? DEFAULT_SESSION_NAME,
      ...(options.externalId === undefined ? {} : { ExternalId: options.externalId }),
    },
    ...(options.masterCredentials === undefined ? {} : { masterCredentials: options.masterCredentials }),
    clientConfig: { region: options.region },
  });
  let session: Promise<AwsCredentialIdentity> | undefined;
  const renew = (): Promise<AwsCredentialIdentity> => {
    const next = assume().catch((error: unknown) => {
      if (session === next) session = undefined; // a failure is not kept: the next call asks again
      throw assumeRoleError(roleArn, options.accountId, error);
    });
    session = next;
    return next;
  };
  return async () => {
    if (session === undefined) return renew();
    const current = await session;
    return expiresSoon(current) ? renew() : current;
  };
}

/** `arn:PARTITION:iam::ACCOUNT:role/NAME`; a role name may carry a path (`team/KeycardReadRole`). */
export function roleArnFor(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName.replace(/^\/+/, '')}`;
}

function expiresSoon(credentials: AwsCredentialIdentity): boolean {
  return credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < RENEW_BEFORE_MS;
}

function assumeRoleError(roleArn: string, accountId: string, error: unknown): AccountReadError {
  const source = `AssumeRole ${roleArn}`;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (classifyAwsError(error) === 'access-denied') {
    return new AccountAccessDeniedError(
      source,
      `cannot assume the role (${detail}); deploy the member stack (templates/organization-member.yaml) in account ${accountId}, ` +
        'check that its role trusts the identity Keycard runs as and that sts:AssumeRole is allowed to that identity and by SCPs',
      { cause: error },
    );
  }
  return new AccountReadError(source, `cannot assume the role (${detail})`, { cause: error });
}
