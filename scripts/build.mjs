// Transpiles every TypeScript source to build/ (one file per source, no bundling), so `package.json#main`
// (build/functions/index.js) is what the Functions host and the sandbox load. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['functions', 'orchestrations', 'shared', 'sandbox', 'scripts'];
const entryPoints = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) entryPoints.push(path);
  }
};
for (const root of roots) walk(root);
rmSync('build', { recursive: true, force: true });
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
