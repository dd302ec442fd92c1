import { loadTerraformFiles, parseTerraform, variableBlocks, type LabelledBlock } from './terraformFiles';

let variables: LabelledBlock[];

beforeAll(async () => {
  variables = variableBlocks(await loadTerraformFiles());
});

describe('Terraform variables', () => {
  it('are found in the module and the example', () => {
    const files = new Set(variables.map((variable) => variable.file));

    expect([...files]).toEqual(
      expect.arrayContaining(['infra/modules/egress-guard/variables.tf', 'infra/modules/guarded-subscription-events/variables.tf', 'infra/examples/basic/variables.tf']),
    );
  });

  it('each have a description and a type', () => {
    const incomplete = variables
      .filter((variable) => typeof variable.body.description !== 'string' || variable.body.description.trim() === '' || variable.body.type === undefined)
      .map((variable) => `${variable.file}: variable "${variable.name}"`);

    expect(incomplete).toEqual([]);
  });

  it('GUARD_MODE starts in audit', () => {
    const guardModes = variables.filter((variable) => variable.name === 'guard_mode');

    expect(guardModes.length).toBeGreaterThan(0);
    expect(guardModes.map((variable) => variable.body.default)).toEqual(guardModes.map(() => 'audit'));
  });
});

describe('parseTerraform', () => {
  it('reports a syntax error with the file and line', async () => {
    const broken = 'variable "x" {\n  type = string\n  default = [\n}\n';

    await expect(parseTerraform('infra/modules/egress-guard/broken.tf', broken)).rejects.toThrow(
      /HCL syntax error: .*infra\/modules\/egress-guard\/broken\.tf:4,/,
    );
  });
});
