#!/usr/bin/env node
/**
 * Builds the `keycard` command: cli/keycard.ts bundled by esbuild into dist/cli/keycard.mjs, plain
 * JavaScript that Node runs without tsx. Dependencies stay external (installed beside it by npm).
 * Runs on `npm ci` / `npm install` (the `prepare` script) and before `npm pack`.
 */
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';

const outfile = new URL('../dist/cli/keycard.mjs', import.meta.url).pathname;
await build({
  entryPoints: [new URL('../cli/keycard.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  // The source's own shebang runs it through tsx; the built file needs node only.
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
