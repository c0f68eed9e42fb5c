/** What a deployment would fix that a template leaves open: where, and the parameters' values. */
export interface ScanSettings {
  accountId: string;
  region: string;
  /** Values for template parameters (`--parameter-overrides KEY=VALUE`), over their defaults. */
  parameterOverrides: Record<string, string>;
}

/** The partition a region belongs to (aws, aws-cn, aws-us-gov). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function urlSuffixOf(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}
