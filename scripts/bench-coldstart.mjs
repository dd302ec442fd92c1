// Cold start of the deployable entry point: bundled (dist/index.js) vs unbundled (build/functions/index.js).
// Each sample is a fresh Node process that loads the entry point with a stub `@azure/functions-core` on NODE_PATH,
// so @azure/functions really registers every function (as under the Functions worker) instead of skipping them.
// Writes the "## Cold start" section of docs/benchmarks.md (other sections are kept). Usage:
//   node scripts/bench-coldstart.mjs [--runs 7] [--no-build] [--bundled <file>] [--unbundled <file>]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { lazySdks } from './package.mjs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'no-build': { type: 'boolean', default: false },
    bundled: { type: 'string' },
    unbundled: { type: 'string' },
    doc: { type: 'string', default: join(root, 'docs', 'benchmarks.md') },
  },
});
const runs = Number(values.runs);
const variants = [
  { kind: 'bundled', entry: resolve(root, values.bundled ?? 'dist/index.js') },
  { kind: 'unbundled', entry: resolve(root, values.unbundled ?? 'build/functions/index.js') },
  // The same unbundled app as it would start without lazy loading: every Azure SDK required up front.
  { kind: 'unbundled, SDKs loaded eagerly', entry: resolve(root, values.unbundled ?? 'build/functions/index.js'), preload: lazySdks },
].map((variant) => ({ ...variant, label: `${variant.kind} (${relative(root, variant.entry)})` }));

function run(script, args = []) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', script), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${script} failed`);
}

/** A throwaway @azure/functions-core that counts registrations. */
function writeStub(dir) {
  const moduleDir = join(dir, '@azure', 'functions-core');
  mkdirSync(moduleDir, { recursive: true });
  writeFileSync(join(moduleDir, 'package.json'), '{"name":"@azure/functions-core","main":"index.js"}');
  writeFileSync(
    join(moduleDir, 'index.js'),
    `let model; globalThis.__registeredFunctions = 0;
module.exports = { version: '3.10.1', hostVersion: '4.1040.0',
  registerFunction() { globalThis.__registeredFunctions += 1; return { dispose() {} }; },
  setProgrammingModel(m) { model = m; }, getProgrammingModel() { return model; },
  registerHook() { return { dispose() {} }; }, log() {} };`,
  );
}

/** Loads the entry point and reports the load time seen inside the process, peak RSS and registrations. */
function writeLoader(dir) {
  const loader = join(dir, 'load.cjs');
  writeFileSync(
    loader,
    `const { performance } = require('node:perf_hooks');
const started = performance.now();
for (const name of JSON.parse(process.argv[3] || '[]')) require(require.resolve(name, { paths: [process.argv[4]] }));
require(process.argv[2]);
const loadMs = performance.now() - started;
process.stdout.write(JSON.stringify({ loadMs, maxRssKb: process.resourceUsage().maxRSS, registered: globalThis.__registeredFunctions }));`,
  );
  return loader;
}

// The entry point validates its settings at load, as in Azure: give it a minimal valid set.
const benchSettings = {
  GUARDED_SUBSCRIPTION_IDS: '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10',
  FIREWALL_RESOURCE_IDS: '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
};

function sample(loader, stubDir, entry, preload = []) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [loader, entry, JSON.stringify(preload), root], {
    cwd: dirname(entry),
    env: { ...process.env, ...benchSettings, NODE_PATH: stubDir, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`loading ${entry} failed:\n${result.stderr}`);
  return { processMs, ...JSON.parse(result.stdout) };
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function replaceSection(document, heading, body) {
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = document.indexOf(`${heading}\n`);
  if (start === -1) return `${document.trimEnd()}\n\n${section}`;
  const next = document.indexOf('\n## ', start + heading.length);
  return `${document.slice(0, start)}${section}${next === -1 ? '' : `\n${document.slice(next + 1)}`}`;
}

if (!values['no-build']) {
  run('build.mjs');
  run('package.mjs');
}
for (const { entry } of variants) {
  if (!existsSync(entry)) throw new Error(`${relative(root, entry)} does not exist (is functions/index.ts written?)`);
}

const workDir = mkdtempSync(join(tmpdir(), 'egress-guard-bench-'));
try {
  writeStub(workDir);
  const loader = writeLoader(workDir);
  const samples = variants.map(() => []);
  sample(loader, workDir, variants[0].entry); // warm the OS file cache once, unrecorded
  for (let run = 0; run < runs; run += 1) {
    // Alternate the variants so drift in machine load affects both alike.
    variants.forEach((variant, index) => samples[index].push(sample(loader, workDir, variant.entry, variant.preload)));
  }

  const rows = variants.map((variant, index) => ({
    label: variant.label,
    processMs: median(samples[index].map((s) => s.processMs)),
    loadMs: median(samples[index].map((s) => s.loadMs)),
    maxRssMb: median(samples[index].map((s) => s.maxRssKb)) / 1024,
    registered: samples[index][0].registered,
    sizeKb: statSync(variant.entry).size / 1024,
  }));
  const [bundled, unbundled, eager] = rows;
  const ratio = bundled.processMs / unbundled.processMs;
  const ratioToEager = bundled.processMs / eager.processMs;

  const table = [
    `Median of ${runs} fresh processes (\`npm run bench:coldstart\`, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}).`,
    '"process" is spawn to exit; "require" is the entry point\'s load time inside the process; peak RSS is',
    '`process.resourceUsage().maxRSS`. A stub `@azure/functions-core` is on NODE_PATH so every registration runs.',
    '',
    '| entry point | process (ms) | require (ms) | peak RSS (MB) | functions registered | entry file (KB) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${r.processMs.toFixed(0)} | ${r.loadMs.toFixed(0)} | ${r.maxRssMb.toFixed(1)} | ${r.registered} | ${r.sizeKb.toFixed(0)} |`),
    '',
    `Bundled / unbundled process time, the same lazily-loading code: **${ratio.toFixed(2)}**.`,
    `Bundled (with lazy SDKs) / unbundled with every SDK loaded at start: **${ratioToEager.toFixed(2)}**.`,
    `Target from issue 6, bundled at most a third of unbundled: ${ratio <= 1 / 3 ? 'met' : `not met against the same code (${ratio.toFixed(2)})`}; ${ratioToEager <= 1 / 3 ? 'met' : 'not met'} against the eager start (${ratioToEager.toFixed(2)}).`,
    '',
    'The third row is the same app with every Azure SDK required at start, as it would load without lazy loading.',
    '',
    'What the bundle does: the entry bundle holds the functions runtime, durable-functions, the settings schema and',
    'the app; the Azure SDKs the app needs only inside handlers (ARM, identity, Tables, Event Grid, Log Analytics,',
    'metrics) and the public suffix list are a second file, dist/azure-sdks.js, loaded on first use. The first two',
    'rows run the same lazily-loading code, so between them bundling saves module resolution and file reads, not work;',
    'the gain of lazy loading itself shows against the third row.',
    'Where the remaining bundled time goes (V8 CPU profile of one load): compiling the entry bundle (~40 %, about',
    '1.5 MB: zod, durable-functions with axios/validator/lodash/moment), then evaluating it. Getting to a third',
    'of the same-code unbundled time would take dropping durable-functions\' own dependencies from the start path, which the',
    '`df.app` registrations need; Node\'s compile cache would help only for restarts on an instance that already',
    'started once, not for a new instance, so it is not used here.',
    '',
    'History (same script): with every SDK in one 5.2 MB bundle, bundled 603 ms vs unbundled 848 ms (0.71, a busier',
    'machine); with the heavy SDKs and the Tables/Event Grid modules loaded on first use: the table above.',
  ].join('\n');

  const docPath = resolve(values.doc);
  const existing = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
  writeFileSync(docPath, replaceSection(existing, '## Cold start', table));
  console.log(table);
  console.log(`\nwrote ${relative(root, docPath)}`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
