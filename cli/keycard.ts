/** Entry point: binds run() to the process. All behaviour lives in cli/run.ts and cli/commands/. */
import { run } from './run.ts';

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.isTTY === true && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
  stderrIsTTY: process.stderr.isTTY === true,
  ...(process.stderr.columns ? { stderrColumns: process.stderr.columns } : {}),
  env: process.env,
});
