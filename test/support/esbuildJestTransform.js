// Jest transform: TypeScript -> CommonJS with esbuild (already a dependency for the build and the package).
// Why not @swc/jest or ts-jest: swc's platform binaries (and jest 30's resolver bindings) are optional packages
// that some npm registries/mirrors do not serve, which leaves package-lock.json unusable by `npm ci`; ts-jest type
// checks every file and is slow. Type checking is `npm run typecheck`.
const { transformSync } = require('esbuild');

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, {
      loader: 'ts',
      format: 'cjs',
      target: 'node22',
      sourcemap: 'external',
      sourcefile: sourcePath,
    });
    return { code, map };
  },
};
