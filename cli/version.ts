/** The package version, read once from the package.json above this file (cli/ in the source, dist/cli/ when built). */
import { existsSync, readFileSync } from 'node:fs';

export function readVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    const file = new URL(up, import.meta.url);
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'lambda-keycard') return pkg.version ?? '0.0.0';
  }
  return '0.0.0';
}
