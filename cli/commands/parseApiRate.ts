/** `--api-rate N`: Lambda control-plane calls per second, > 0 and at most the account's 15/s quota. */
import { cutForMessage } from '../../shared/report/cutForMessage.ts';
import { UsageError } from '../errors.ts';

/** Lambda's GetPolicy and ListFunctions/GetFunctionConfiguration quotas are 15 req/s each, not raisable. */
const LAMBDA_CONTROL_PLANE_QUOTA = 15;
/** Plain decimal notation only: `5`, `2.5`; not `0x5`, `1e1`, ` 5` or `Infinity`, which Number() would take. */
const DECIMAL = /^[0-9]{1,6}(\.[0-9]{1,6})?$/;

export function parseApiRate(command: string, value: string): number {
  const rate = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(rate) || rate <= 0 || rate > LAMBDA_CONTROL_PLANE_QUOTA) {
    throw new UsageError(
      `keycard ${command}: --api-rate '${cutForMessage(value)}' is not a decimal number of calls per second above 0 and at most ${LAMBDA_CONTROL_PLANE_QUOTA} (the Lambda quota)`,
      command,
    );
  }
  return rate;
}
