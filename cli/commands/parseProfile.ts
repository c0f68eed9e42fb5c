/** `--profile NAME`: a profile of the shared AWS config files (`[profile NAME]` / `[NAME]`). */
import { UsageError } from '../errors.ts';

export function parseProfile(command: string, value: string): string {
  // The AWS CLI reads profile names up to the first whitespace or `]`; anything else is a typo.
  if (!/^[^\s\]]+$/.test(value)) {
    throw new UsageError(
      `keycard ${command}: --profile '${value}' is not a profile name; expected a name from 'aws configure list-profiles', e.g. --profile audit`,
      command,
    );
  }
  return value;
}
