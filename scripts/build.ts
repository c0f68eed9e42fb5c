/**
 * `npm run build`: bundles each function exactly as `sam build` does with the esbuild BuildMethod,
 * reading entry points and BuildProperties from template.yaml so the two cannot drift.
 * Output: dist/<function folder>/index.mjs (+ .map), e.g. dist/on-role-change/index.mjs.
 */
import { rm } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { loadTemplate, REPO_ROOT, TEMPLATE_PATH } from './template/loadTemplate.ts';

export interface BuiltFunction {
  /** Logical id in template.yaml, e.g. `OnRoleChangeFunction`. */
  logicalId: string;
  /** Folder under the output directory, from the entry point (`functions/audit/index.ts` -> `audit`). */
  name: string;
  entryPoint: string;
  /** Absolute path of the bundle. */
  bundlePath: string;
  bytes: number;
}

/** SAM BuildProperties this script understands; any other key is an error, not silently ignored. */
const KNOWN_PROPERTIES = ['Format', 'Minify', 'Target', 'Sourcemap', 'OutExtension', 'Banner', 'EntryPoints', 'External', 'MainFields', 'Loader'];

/** esbuild options equivalent to SAM's esbuild builder for these BuildProperties (bundle, platform node). */
export function esbuildOptionsFromBuildProperties(properties: Record<string, unknown>, entryPoints: string[], outdir: string): BuildOptions {
  const unknown = Object.keys(properties).filter((key) => !KNOWN_PROPERTIES.includes(key));
  if (unknown.length > 0) throw new Error(`template.yaml BuildProperties ${unknown.join(', ')} are not supported by scripts/build.ts`);
  const pairs = (value: unknown) =>
    Object.fromEntries(((value ?? []) as string[]).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  return {
    entryPoints,
    outdir,
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    // SAM's default when Target is absent.
    target: (properties.Target as string | undefined) ?? 'es2020',
    format: (properties.Format as 'esm' | 'cjs' | undefined) ?? 'cjs',
    minify: properties.Minify === true,
    sourcemap: properties.Sourcemap === true,
    outExtension: pairs(properties.OutExtension),
    banner: pairs(properties.Banner),
    external: (properties.External as string[] | undefined) ?? [],
    ...(properties.MainFields ? { mainFields: String(properties.MainFields).split(',') } : {}),
    ...(properties.Loader ? { loader: pairs(properties.Loader) as BuildOptions['loader'] } : {}),
    metafile: true,
    logLevel: 'warning',
  };
}

/** Builds every esbuild-built function of the template into `outRoot/<name>/`. */
export async function buildFunctions(outRoot = join(REPO_ROOT, 'dist'), templatePath = TEMPLATE_PATH): Promise<BuiltFunction[]> {
  const template = loadTemplate(templatePath);
  const functions = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Type === 'AWS::Serverless::Function' && resource.Metadata?.BuildMethod === 'esbuild',
  );
  return Promise.all(
    functions.map(async ([logicalId, resource]) => {
      const properties = (resource.Metadata?.BuildProperties ?? {}) as Record<string, unknown>;
      const codeUri = String(resource.Properties?.CodeUri ?? '.');
      const entries = (properties.EntryPoints as string[] | undefined) ?? [];
      if (entries.length !== 1) throw new Error(`${logicalId}: expected exactly one EntryPoints item, got ${entries.length}`);
      const entryPoint = join(REPO_ROOT, codeUri, entries[0]!);
      const name = basename(dirname(entryPoint));
      const outdir = join(outRoot, name);
      await rm(outdir, { recursive: true, force: true });
      const result = await build({ ...esbuildOptionsFromBuildProperties(properties, [entryPoint], outdir), absWorkingDir: REPO_ROOT });
      const [bundle, output] = Object.entries(result.metafile!.outputs).find(([file]) => !file.endsWith('.map'))!;
      return { logicalId, name, entryPoint: relative(REPO_ROOT, entryPoint), bundlePath: join(REPO_ROOT, bundle), bytes: output.bytes };
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildFunctions();
  for (const fn of built) {
    console.log(`${fn.name.padEnd(20)} ${(fn.bytes / 1024).toFixed(0).padStart(6)} KiB  ${relative(REPO_ROOT, fn.bundlePath)}`);
  }
}
