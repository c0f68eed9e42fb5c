/** `--api-rate N`: Lambda control-plane calls per second, > 0 and at most the account's 15/s quota. */
import { UsageError } from '../errors.ts';

/** Lambda's GetPolicy and ListFunctions/GetFunctionConfiguration quotas are 15 req/s each, not raisable. */
const LAMBDA_CONTROL_PLANE_QUOTA = 15;

export function parseApiRate(command: string, value: string): number {
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate <= 0 || rate > LAMBDA_CONTROL_PLANE_QUOTA) {
    throw new UsageError(
      `keycard ${command}: --api-rate '${value}' is not a number of calls per second above 0 and at most ${LAMBDA_CONTROL_PLANE_QUOTA} (the Lambda quota)`,
      command,
    );
  }
  return rate;
}
