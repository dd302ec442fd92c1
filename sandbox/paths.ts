import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PROJECT_NAME = 'aks-egress-guard';

/**
 * The repository root: the nearest folder above this file whose package.json is named aks-egress-guard.
 * Works from the TypeScript sources and from build/ alike, so assets are never looked up relative to build/.
 */
export function projectRoot(startDir: string = __dirname): string {
  let dir = startDir;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PROJECT_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json named ${PROJECT_NAME} above ${startDir}`);
    dir = parent;
  }
}

/** <root>/.sandbox, created on demand (git-ignored). */
export function sandboxDir(): string {
  const dir = join(projectRoot(), '.sandbox');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function readPackageName(manifestPath: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string'
      ? parsed.name
      : undefined;
  } catch {
    return undefined; // an unreadable package.json is not ours; keep walking up
  }
}
