import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a minimal `@azure/functions-core` into `dir` (use it as NODE_PATH). The Functions worker normally injects
 * that module; with it resolvable, @azure/functions really registers functions instead of entering "test mode".
 * The stub prints the registered function names as JSON on stdout when the process exits.
 */
export function writeFunctionsCoreStub(dir: string): string {
  const moduleDir = join(dir, '@azure', 'functions-core');
  mkdirSync(moduleDir, { recursive: true });
  writeFileSync(join(moduleDir, 'package.json'), JSON.stringify({ name: '@azure/functions-core', main: 'index.js' }));
  writeFileSync(
    join(moduleDir, 'index.js'),
    [
      "'use strict';",
      'const registered = [];',
      'let programmingModel;',
      "process.on('exit', () => process.stdout.write(JSON.stringify({ registered }) + '\\n'));",
      'module.exports = {',
      "  version: '3.10.1', hostVersion: '4.1040.0',",
      '  registerFunction(metadata) { registered.push(metadata.name); return { dispose() {} }; },',
      '  setProgrammingModel(model) { programmingModel = model; },',
      '  getProgrammingModel() { return programmingModel; },',
      '  registerHook() { return { dispose() {} }; },',
      '  log() {},',
      '};',
    ].join('\n'),
  );
  return dir;
}
