#!/usr/bin/env node
import { runAudit } from '../shared/audit/runAudit';

/** `aks-egress-guard <command>`: today one command, `audit` (read-only; see docs/audit.md). */
const usage = 'Usage: aks-egress-guard audit [options]   (aks-egress-guard audit --help for the options)\n';

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'audit') return runAudit(rest, { env: process.env, stdout: process.stdout, stderr: process.stderr });
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`error: unknown command ${JSON.stringify(command)}\n${usage}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exitCode = 2;
  },
);
