/**
 * The CLI as a function: `run(argv, io)` -> exit code. `cli/keycard.ts` only binds it to the process.
 * Every error ends as one line on stderr and exit 2 (see describeError.ts).
 */
import { auditCommand } from './commands/auditCommand.ts';
import { scanCommand } from './commands/scanCommand.ts';
import { snapshotCommand } from './commands/snapshotCommand.ts';
import { defaultCliDeps } from './CliDeps.ts';
import type { CliDeps } from './CliDeps.ts';
import type { CliIO } from './CliIO.ts';
import { describeError } from './describeError.ts';
import { cutForMessage } from '../shared/report/cutForMessage.ts';
import { UsageError } from './errors.ts';
import { EXIT_CODES } from './exitCodes.ts';
import { MAIN_USAGE } from './usage.ts';
import { readVersion } from './version.ts';

export async function run(argv: string[], io: CliIO, deps: CliDeps = defaultCliDeps): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'audit':
        return await auditCommand(rest, io, deps, readVersion());
      case 'snapshot':
        return await snapshotCommand(rest, io, deps);
      case 'scan':
        return await scanCommand(rest, io, readVersion());
      case '--help':
      case '-h':
      case 'help':
        io.stdout(MAIN_USAGE);
        return EXIT_CODES.ok;
      case '--version':
      case '-v':
        io.stdout(`${readVersion()}\n`);
        return EXIT_CODES.ok;
      case undefined:
        io.stderr(MAIN_USAGE);
        return EXIT_CODES.error;
      default:
        throw new UsageError(`keycard: unknown command '${cutForMessage(command)}'; expected audit, snapshot or scan`);
    }
  } catch (error) {
    io.stderr(`${describeError(error, io.env)}\n`);
    return EXIT_CODES.error;
  }
}
