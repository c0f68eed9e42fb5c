/** `--qualifiers latest|aliases|all`: which aliases and published versions an audit reads. */
import { QUALIFIER_MODES } from '../../shared/account/records.ts';
import type { QualifierMode } from '../../shared/account/records.ts';
import { UsageError } from '../errors.ts';

export function parseQualifiers(command: 'audit' | 'snapshot', value: string | undefined, fallback: QualifierMode): QualifierMode {
  if (value === undefined) return fallback;
  if ((QUALIFIER_MODES as readonly string[]).includes(value)) return value as QualifierMode;
  throw new UsageError(`keycard ${command}: --qualifiers '${value}' is not one of ${QUALIFIER_MODES.join(', ')}`, command);
}
