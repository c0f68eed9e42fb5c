/**
 * The dependency rule of TEAM.md, checked on the source: the pure core (policy, facts, checks, engine,
 * report, events, alert rendering) imports no AWS SDK and no file or network module, directly or
 * through anything it imports; only the listed adapters load `@aws-sdk/*` at run time; handlers stay
 * thin.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE_DIRS = ['shared', 'functions', 'cli', 'scripts', 'bench'];

interface Import {
  specifier: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((file) => !file.startsWith('bench/out/'));
}

/** Static imports and re-exports (type-only ones marked), and dynamic `import('...')` with a literal. */
function importsOf(source: string): Import[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: Import[] = [];
  for (const match of code.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    const namedAllTypes = /^\{[^}]*\}$/.test(match[3]!.trim()) && match[3]!.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type'));
    found.push({ specifier: match[4]!, typeOnly: match[2] !== undefined || namedAllTypes });
  }
  for (const match of code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push({ specifier: match[1]!, typeOnly: false });
  for (const match of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: match[1]!, typeOnly: false });
  return found;
}

const files = SOURCE_DIRS.flatMap(sourceFiles);
const importsByFile = new Map(files.map((file) => [file, importsOf(readFileSync(join(ROOT, file), 'utf8'))]));

const isSdk = (specifier: string) => specifier.startsWith('@aws-sdk/');
const isIo = (specifier: string) => /^(node:)?(fs|fs\/promises|net|http|https|child_process|dgram|tls)$/.test(specifier);
const resolveLocal = (from: string, specifier: string): string | undefined =>
  specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(from), specifier)).split('\\').join('/') : undefined;

const PURE = (file: string) => /^shared\/(policy|facts|checks|engine|report|events|template)\//.test(file) || /^shared\/alerts\/render[^/]*\.ts$/.test(file);
const MAY_LOAD_SDK = (file: string) =>
  /^shared\/account\/live\//.test(file) ||
  /^shared\/alerts\/publish[^/]*\.ts$/.test(file) ||
  file === 'shared/alerts/makeEventIdempotent.ts' ||
  file === 'shared/remediation/applyRemediation.ts' ||
  /^(shared\/pipeline|functions|cli|scripts|bench)\//.test(file);

/** Everything a file loads at run time through relative imports, itself included. */
function runtimeClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const { specifier, typeOnly } of importsByFile.get(file) ?? []) {
    const target = typeOnly ? undefined : resolveLocal(file, specifier);
    if (target !== undefined && importsByFile.has(target)) runtimeClosure(target, seen);
  }
  return seen;
}

describe('dependency rule', () => {
  it('scans the real tree (the rule cannot pass vacuously)', () => {
    expect(files.filter(PURE).length).toBeGreaterThan(30);
    expect(files).toContain('shared/account/live/LiveAccountReader.ts');
    expect(importsByFile.get('shared/account/live/createAwsClients.ts')?.map((i) => i.specifier)).toContain('@aws-sdk/client-iam');
  });

  it('keeps the pure core free of AWS SDKs and I/O modules, even as types', () => {
    const offending = files
      .filter(PURE)
      .flatMap((file) => (importsByFile.get(file) ?? []).filter((i) => isSdk(i.specifier) || isIo(i.specifier)).map((i) => `${file} imports ${i.specifier}`));
    expect(offending).toEqual([]);
  });

  it('keeps the pure core from reaching an AWS SDK or I/O module through what it imports', () => {
    const offending = files.filter(PURE).flatMap((file) =>
      [...runtimeClosure(file)]
        .filter((dep) => (importsByFile.get(dep) ?? []).some((i) => !i.typeOnly && (isSdk(i.specifier) || isIo(i.specifier))))
        .map((dep) => `${file} -> ${dep}`),
    );
    expect(offending).toEqual([]);
  });

  it('loads @aws-sdk/* at run time only in the live reader, publishers, idempotency, the remediation applier, pipeline, handlers, CLI, scripts and bench', () => {
    const offending = files
      .filter((file) => !MAY_LOAD_SDK(file))
      .flatMap((file) => (importsByFile.get(file) ?? []).filter((i) => isSdk(i.specifier) && !i.typeOnly).map((i) => `${file} imports ${i.specifier}`));
    expect(offending).toEqual([]);
  });

  it.each(files.filter((file) => /^functions\/[^/]+\/index\.ts$/.test(file)))('%s stays thin (under 30 lines)', (file) => {
    expect(readFileSync(join(ROOT, file), 'utf8').trimEnd().split('\n').length).toBeLessThan(30);
  });

  it.each([
    ["import { x } from '@aws-sdk/client-iam';", [{ specifier: '@aws-sdk/client-iam', typeOnly: false }]],
    ["import type { X } from '@aws-sdk/client-iam';", [{ specifier: '@aws-sdk/client-iam', typeOnly: true }]],
    ["import { type X, type Y } from './a.ts';", [{ specifier: './a.ts', typeOnly: true }]],
    ["import { type X, y } from './a.ts';", [{ specifier: './a.ts', typeOnly: false }]],
    ["export { a } from './a.ts';", [{ specifier: './a.ts', typeOnly: false }]],
    ["const m = await import('node:fs');", [{ specifier: 'node:fs', typeOnly: false }]],
    ["// import { x } from '@aws-sdk/client-iam';", []],
    ["import {\n  a,\n  b,\n} from 'node:net';", [{ specifier: 'node:net', typeOnly: false }]],
  ])('reads imports: %s', (source, expected) => {
    expect(importsOf(source)).toEqual(expected);
  });
});
