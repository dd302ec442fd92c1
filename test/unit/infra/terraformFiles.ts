import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Parsed Terraform, offline: no terraform binary, only @cdktf/hcl2json (HCL -> the JSON syntax of Terraform). */

export const projectRoot = resolve(__dirname, '../../..');
export const infraRoot = join(projectRoot, 'infra');

/** One block body as hcl2json renders it: attributes as JSON values, expressions as "${...}" strings. */
export type HclBody = Record<string, unknown>;

export interface TerraformFile {
  /** Path relative to the project root, e.g. infra/modules/egress-guard/roles.tf. */
  readonly path: string;
  readonly json: Record<string, unknown>;
}

export interface LabelledBlock {
  readonly file: string;
  readonly type?: string;
  readonly name: string;
  readonly body: HclBody;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses one file; hcl2json's error already names file:line:column, given the path we pass. */
export async function parseTerraform(path: string, text: string): Promise<TerraformFile> {
  try {
    return { path, json: await parse(path, text) };
  } catch (error) {
    throw new Error(`HCL syntax error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function listTerraformPaths(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name.startsWith('.') ? [] : listTerraformPaths(path);
      return name.endsWith('.tf') ? [path] : [];
    });
}

export async function loadTerraformFiles(dir: string = infraRoot): Promise<TerraformFile[]> {
  return Promise.all(
    listTerraformPaths(dir).map((path) => parseTerraform(relative(projectRoot, path), readFileSync(path, 'utf8'))),
  );
}

export function filesUnder(files: readonly TerraformFile[], folder: string): TerraformFile[] {
  return files.filter((file) => file.path.startsWith(`${folder}/`));
}

/** `resource "<type>" "<name>" {}` blocks of one type (or all of them when type is omitted). */
export function resourceBlocks(files: readonly TerraformFile[], type?: string): LabelledBlock[] {
  return labelledBlocks(files, 'resource', type);
}

/** `data "<type>" "<name>" {}` blocks of one type (or all of them when type is omitted). */
export function dataBlocks(files: readonly TerraformFile[], type?: string): LabelledBlock[] {
  return labelledBlocks(files, 'data', type);
}

function labelledBlocks(files: readonly TerraformFile[], kind: 'resource' | 'data', type?: string): LabelledBlock[] {
  return files.flatMap((file) => {
    const resources = file.json[kind];
    if (!isRecord(resources)) return [];
    return Object.entries(resources)
      .filter(([resourceType]) => type === undefined || resourceType === type)
      .flatMap(([resourceType, byName]) =>
        Object.entries(isRecord(byName) ? byName : {}).flatMap(([name, bodies]) =>
          (Array.isArray(bodies) ? bodies : []).filter(isRecord).map((body) => ({ file: file.path, type: resourceType, name, body })),
        ),
      );
  });
}

/** `variable "<name>" {}` blocks. */
export function variableBlocks(files: readonly TerraformFile[]): LabelledBlock[] {
  return files.flatMap((file) => {
    const variables = file.json.variable;
    if (!isRecord(variables)) return [];
    return Object.entries(variables).flatMap(([name, bodies]) =>
      (Array.isArray(bodies) ? bodies : []).filter(isRecord).map((body) => ({ file: file.path, name, body })),
    );
  });
}

/** The value of `local.<name>` in the given files; fails loudly when absent or defined twice. */
export function localValue(files: readonly TerraformFile[], name: string): unknown {
  const found = files.flatMap((file) =>
    (Array.isArray(file.json.locals) ? file.json.locals : []).filter(isRecord).filter((locals) => name in locals).map((locals) => locals[name]),
  );
  if (found.length !== 1) throw new Error(`expected exactly one local "${name}", found ${found.length}`);
  return found[0];
}

/** A single nested block (hcl2json renders every nested block as a list of bodies). */
export function nestedBlock(body: HclBody, name: string): HclBody {
  const blocks = body[name];
  if (!Array.isArray(blocks) || blocks.length !== 1 || !isRecord(blocks[0])) {
    throw new Error(`expected exactly one "${name}" block`);
  }
  return blocks[0];
}

export function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new Error(`${what} must be a literal list of strings, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Expressions compared without layout: "${concat(\n  a,\n  b,\n)}" -> "${concat(a,b,)}". */
export function compactExpression(value: unknown): string {
  return String(value).replace(/\s+/g, '');
}
