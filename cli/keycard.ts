/** Entry point: binds run() to the process. All behaviour lives in cli/run.ts and cli/commands/. */
import { run } from './run.ts';

// The AWS SDK warns on stderr (7 lines) that a future release will need a newer Node; that is not
// the user's problem while this one runs, and it would bury Keycard's one-line errors. The SDK's own
// switch turns it off; a user who sets it keeps their value.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.isTTY === true && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
  stderrIsTTY: process.stderr.isTTY === true,
  ...(process.stderr.columns ? { stderrColumns: process.stderr.columns } : {}),
  env: process.env,
});
