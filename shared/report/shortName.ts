/** The human name inside an ARN: a function's name (qualifier kept apart) or a role's name without its path. */
export function shortName(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6) return arn;
  if (parts[2] === 'lambda' && parts[5] === 'function' && parts[6]) {
    return parts[7] ? `${parts[6]}:${parts[7]}` : parts[6];
  }
  const resource = parts.slice(5).join(':');
  return resource.slice(resource.lastIndexOf('/') + 1) || arn;
}
