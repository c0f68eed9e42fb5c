/**
 * No runtime dependency under a copyleft licence: walks the production dependency tree that
 * package-lock.json records and reads each installed package's declared licence.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  dev?: boolean;
  license?: string;
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };
const runtime = Object.entries(lock.packages).filter(([path, pkg]) => path.startsWith('node_modules/') && pkg.dev !== true);
const PERMISSIVE = /^(\(?)(MIT|MIT-0|ISC|Apache-2\.0|BSD-2-Clause|BSD-3-Clause|0BSD|BlueOak-1\.0\.0|CC0-1\.0|Unlicense)( OR [A-Za-z0-9.-]+)*(\)?)$/;

describe('runtime dependencies', () => {
  it('are recorded in the lock file', () => {
    expect(runtime.length).toBeGreaterThan(10);
  });

  it.each(runtime)('%s has a permissive licence', (path, pkg) => {
    const declared = pkg.license ?? (JSON.parse(readFileSync(`${path}/package.json`, 'utf8')) as { license?: string }).license;
    expect(declared, `${path} declares no licence`).toBeDefined();
    expect(declared).toMatch(PERMISSIVE);
    expect(declared).not.toMatch(/GPL|AGPL|LGPL|MPL|EPL|SSPL|CDDL/);
  });
});
