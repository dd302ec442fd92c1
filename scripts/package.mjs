// Builds the deployable package: one esbuild bundle of the production entry point (dist/index.js) and
// aks-egress-guard.zip = host.json + a dependency-free package.json + dist/. Usage:
//   node scripts/package.mjs [--root <project dir>] [--entry <file>] [--out <dir>]
// The sandbox never ships: the build fails if any file under sandbox/ is among the bundle's inputs.
import { build } from 'esbuild';
import yazl from 'yazl';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const zipName = 'aks-egress-guard.zip';
// Injected by the Functions Node worker at run time; not on npm (docs/../verified-facts.md).
const runtimeProvided = ['@azure/functions-core'];
/**
 * SDKs the app requires on first use only (lazy `require` in shared/azure/*). They go into a second bundle,
 * dist/azure-sdks.js: V8 parses the whole entry bundle at every cold start, lazily evaluated modules included, so
 * ~3.5 MB of ARM/identity/monitor/tables code would be paid for by functions that never touch it.
 */
export const lazySdks = [
  '@azure/arm-network',
  '@azure/arm-containerservice',
  '@azure/identity',
  '@azure/data-tables',
  '@azure/eventgrid',
  '@azure/monitor-query-logs',
  '@azure/monitor-query-metrics',
  // Not an SDK, but the same case: the public suffix list, needed only when a rule request is validated.
  'tldts',
];
export const lazySdkBundle = 'azure-sdks.js';

/** In the entry bundle, `require('<lazy sdk>')` becomes a call into dist/azure-sdks.js, made when the require runs. */
const lazySdkPlugin = {
  name: 'lazy-sdks',
  setup(build) {
    const names = new RegExp(`^(${lazySdks.map((name) => name.replace(/[/.-]/g, (c) => `\\${c}`)).join('|')})$`);
    build.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: 'lazy-sdk' }));
    build.onResolve({ filter: new RegExp(`^\\./${lazySdkBundle.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-sdk' }, (args) => ({
      contents: `module.exports = require('./${lazySdkBundle}')[${JSON.stringify(args.path)}]();`,
      loader: 'js',
    }));
  },
};

const commonOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  // Maps keep stack traces readable; sources themselves stay out of the package.
  sourcesContent: false,
  minify: true,
  // Error class names (GuardError subclasses) stay readable in logs.
  keepNames: true,
  logLevel: 'warning',
};

// Fixed timestamp so the same inputs give the same zip.
const zipEntryTime = new Date('2000-01-01T00:00:00Z');

export class PackagingError extends Error {
  name = 'PackagingError';
}

/** functions/index.ts when it exists; otherwise every registration module in functions/, imported in order. */
function resolveEntry(root, entry) {
  if (entry) {
    const path = resolve(root, entry);
    if (!existsSync(path)) throw new PackagingError(`entry point ${entry} does not exist`);
    return { entryPoints: [path] };
  }
  const index = join(root, 'functions', 'index.ts');
  if (existsSync(index)) return { entryPoints: [index] };
  const functionsDir = join(root, 'functions');
  const modules = existsSync(functionsDir)
    ? readdirSync(functionsDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts')).sort()
    : [];
  if (modules.length === 0) throw new PackagingError('nothing to package: no functions/index.ts and no functions/*.ts');
  console.warn(`functions/index.ts not found; bundling ${modules.length} module(s) from functions/ instead`);
  return {
    stdin: {
      contents: modules.map((name) => `import './functions/${name.replace(/\.ts$/, '')}';`).join('\n'),
      resolveDir: root,
      sourcefile: 'functions-entry.ts',
      loader: 'ts',
    },
  };
}

/** Inputs of the bundle that live under sandbox/ (metafile paths are relative to esbuild's working directory). */
export function sandboxInputs(metafile, root, workingDir) {
  return Object.keys(metafile.inputs)
    .map((input) => relative(root, resolve(workingDir, input)).split(sep).join('/'))
    .filter((input) => input === 'sandbox' || input.startsWith('sandbox/'));
}

function largestInputs(metafile, count) {
  const byPackage = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs['dist/index.js']?.inputs ?? {})) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = match ? match[1] : '(project code)';
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

function writeZip(zipPath, entries) {
  return new Promise((resolvePromise, reject) => {
    const zip = new yazl.ZipFile();
    for (const { name, data } of entries) zip.addBuffer(data, name, { mtime: zipEntryTime, mode: 0o100644 });
    zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolvePromise).on('error', reject);
    zip.end();
  });
}

export async function packageApp({ root = process.cwd(), entry, out = root } = {}) {
  root = resolve(root);
  out = resolve(out);
  const hostJsonPath = join(root, 'host.json');
  if (!existsSync(hostJsonPath)) throw new PackagingError(`host.json not found in ${root}`);

  const distDir = join(out, 'dist');
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });

  const result = await build({
    ...commonOptions,
    ...resolveEntry(root, entry),
    absWorkingDir: out,
    outfile: join(distDir, 'index.js'),
    external: runtimeProvided,
    plugins: [lazySdkPlugin],
    metafile: true,
  });
  // Each SDK behind a function, so loading this file evaluates none of them until asked (esbuild wraps modules lazily).
  await build({
    ...commonOptions,
    stdin: {
      contents: `module.exports = {\n${lazySdks.map((name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(name)}),`).join('\n')}\n};\n`,
      resolveDir: root,
      sourcefile: 'azure-sdks-entry.js',
      loader: 'js',
    },
    absWorkingDir: out,
    outfile: join(distDir, lazySdkBundle),
  });

  const leaked = sandboxInputs(result.metafile, root, out);
  if (leaked.length > 0) {
    rmSync(distDir, { recursive: true, force: true });
    throw new PackagingError(`sandbox code reached the production bundle: ${leaked.join(', ')}`);
  }
  writeFileSync(join(distDir, 'metafile.json'), JSON.stringify(result.metafile));

  const projectPackage = existsSync(join(root, 'package.json')) ? JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) : {};
  // Fully bundled: no dependencies, so the deployment needs no npm install (and no remote build).
  const deployedPackage = {
    name: projectPackage.name ?? 'aks-egress-guard',
    version: projectPackage.version ?? '0.0.0',
    private: true,
    main: 'dist/index.js',
    engines: { node: '>=22' },
  };
  const entries = [
    { name: 'host.json', data: readFileSync(hostJsonPath) },
    { name: 'package.json', data: Buffer.from(`${JSON.stringify(deployedPackage, null, 2)}\n`) },
    { name: 'dist/index.js', data: readFileSync(join(distDir, 'index.js')) },
    { name: 'dist/index.js.map', data: readFileSync(join(distDir, 'index.js.map')) },
    { name: `dist/${lazySdkBundle}`, data: readFileSync(join(distDir, lazySdkBundle)) },
    { name: `dist/${lazySdkBundle}.map`, data: readFileSync(join(distDir, `${lazySdkBundle}.map`)) },
  ];
  const zipPath = join(out, zipName);
  await writeZip(zipPath, entries);

  return {
    zipPath,
    bundleBytes: statSync(join(distDir, 'index.js')).size,
    zipBytes: statSync(zipPath).size,
    largestInputs: largestInputs(result.metafile, 8),
  };
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, entry: { type: 'string' }, out: { type: 'string' } } });
  const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const report = await packageApp({ root: values.root ?? defaultRoot, entry: values.entry, out: values.out });
    const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
    console.log(`${report.zipPath}: zip ${kb(report.zipBytes)}, bundle ${kb(report.bundleBytes)}`);
    console.log('largest bundle inputs:');
    for (const [name, bytes] of report.largestInputs) console.log(`  ${kb(bytes).padStart(8)}  ${name}`);
  } catch (error) {
    console.error(error instanceof PackagingError ? `package failed: ${error.message}` : error);
    process.exitCode = 1;
  }
}
