import type { FunctionConfigurationRecord } from '../records.ts';

/** What an environment variable's value reads as once Keycard has read the function. */
export const REDACTED_ENVIRONMENT_VALUE = '(value not read by keycard)';

/**
 * The function configuration with every environment variable value replaced, names kept.
 * Values are secrets often enough that none may reach records, facts, findings or logs; doing it
 * where a configuration is first read means nothing downstream can leak one by accident.
 */
export function withoutEnvironmentValues(fn: FunctionConfigurationRecord): FunctionConfigurationRecord {
  const variables = fn.Environment?.Variables;
  if (variables === undefined || variables === null) return fn;
  const names: Record<string, string> = {};
  for (const name of Object.keys(variables)) names[name] = REDACTED_ENVIRONMENT_VALUE;
  return { ...fn, Environment: { ...fn.Environment, Variables: names } };
}
