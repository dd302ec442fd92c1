// Transpiles every TypeScript source to build/ (one file per source, no bundling), so `package.json#main`
// (build/functions/index.js) is what the Functions host and the sandbox load. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const roots = ['functions', 'orchestrations', 'shared', 'sandbox', 'scripts', 'cli'];
const entryPoints = [];
// Data files product code requires (e.g. shared/core/report/aksRequiredEgress.json): copied beside the output.
const productData = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) entryPoints.push(path);
    else if (path.endsWith('.json') && path.startsWith('shared')) productData.push(path);
  }
};
for (const root of roots) walk(root);
// Outputs are overwritten in place rather than the folder wiped: a sandbox or test run loading build/ while another
// build runs must not see files vanish. Only outputs whose source is gone are removed.
const removeStale = (dir) => {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) removeStale(path);
    else if (/\.js(\.map)?$/.test(name) && !existsSync(path.replace(/^build[\\/]/, '').replace(/\.js(\.map)?$/, '.ts'))) rmSync(path);
  }
};
removeStale('build');
await build({
  entryPoints,
  outdir: 'build',
  outbase: '.',
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
});
for (const path of productData) {
  mkdirSync(dirname(join('build', path)), { recursive: true });
  copyFileSync(path, join('build', path));
}
