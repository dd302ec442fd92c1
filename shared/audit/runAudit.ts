import { writeFileSync } from 'node:fs';
import type { TokenCredential } from '../azure/arm/armClients';
import { AuditError, isAuditError } from './auditErrors';
import { createAuditClients } from './auditClients';
import { auditUsage, parseAuditOptions, type AuditOptions } from './auditOptions';
import type { AuditClusterPosture } from './auditPosture';
import { buildAuditReport, exitCodeOf } from './auditReport';
import type { EstateSnapshot } from './estate';
import { evaluateEstate } from './evaluateEstate';
import { exportPosture } from './exportPosture';
import { readEstateFile } from './readEstateFile';
import { readLiveEstate, type ListingProgress } from './readLiveEstate';
import { readLivePosture, type PostureProgress } from './readLivePosture';
import { renderAuditReport } from './renderAuditReport';

export interface AuditIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly now?: () => Date;
  /** DefaultAzureCredential unless a test hands in another. */
  readonly credential?: (options: AuditOptions) => TokenCredential;
}

function defaultCredential(options: AuditOptions): TokenCredential {
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return options.managedIdentityClientId ? new DefaultAzureCredential({ managedIdentityClientId: options.managedIdentityClientId }) : new DefaultAzureCredential();
}

/** `\r`-rewritten status line on stderr, only on a terminal (pipelines and files get the report alone). */
function progressLine(stderr: AuditIo['stderr']) {
  const silent = { show: (_progress: ListingProgress | undefined, _pages: number) => undefined, showPosture: (_progress: PostureProgress, _pages: number) => undefined, done: () => undefined };
  if (!stderr.isTTY) return silent;
  let shown = false;
  return {
    show(progress: ListingProgress | undefined, pages: number) {
      shown = true;
      const subscriptions = progress === undefined ? 'subscriptions' : `${progress.subscriptionsDone}/${progress.subscriptionsTotal ?? '?'} subscriptions`;
      const found = progress === undefined ? '' : `, ${progress.vnets} VNets, ${progress.subnets} subnets`;
      stderr.write(`\r\x1b[2Klisting: ${subscriptions}, ${pages} pages read${found}`);
    },
    /** The posture reads (clusters, firewall policies, node resource groups) after the listing. */
    showPosture(progress: PostureProgress, pages: number) {
      shown = true;
      const clusters = progress.clustersTotal === undefined ? 'clusters and firewall policies' : `${progress.clustersDone}/${progress.clustersTotal} clusters`;
      stderr.write(`\r\x1b[2Kcluster posture: ${clusters}, ${pages} pages read`);
    },
    done() {
      if (shown) stderr.write('\r\x1b[2K');
    },
  };
}

/** Every line an error prints: one per problem, never a stack trace. */
export function errorLines(error: unknown): string[] {
  if (error instanceof Error && error.name === 'SettingsError' && Array.isArray((error as { problems?: unknown }).problems)) {
    return ((error as unknown as { problems: string[] }).problems).map((problem) => `error: ${problem}`);
  }
  if (isAuditError(error)) return [`error: ${error.message}`];
  const message = error instanceof Error ? error.message : String(error);
  return [`error: ${message.split(/\r?\n/)[0]}`];
}

/** The audit command: reads (never writes), evaluates with the drift core, prints; resolves with the exit code. */
export async function runAudit(argv: readonly string[], io: AuditIo): Promise<0 | 1 | 2> {
  const progress = progressLine(io.stderr);
  try {
    const options = parseAuditOptions(argv, io.env);
    if (options === 'help') {
      io.stdout.write(`${auditUsage}\n`);
      return 0;
    }
    let estate: EstateSnapshot;
    let posture: AuditClusterPosture[] | undefined;
    if (options.fromFile !== undefined) {
      estate = readEstateFile(options.fromFile, options);
      posture = await exportPosture(estate);
    } else {
      const credential = (io.credential ?? defaultCredential)(options);
      // Redrawn on every page ARM answers, so a slow tenant shows movement, not a frozen line.
      let pages = 0;
      let listed: ListingProgress | undefined;
      let posturePhase: PostureProgress | undefined;
      const clients = createAuditClients(credential, options.armEndpoint, () => {
        pages += 1;
        if (posturePhase === undefined) progress.show(listed, pages);
        else progress.showPosture(posturePhase, pages);
      });
      estate = await readLiveEstate(clients, {
        ...options,
        onProgress: (listing) => {
          listed = listing;
          progress.show(listed, pages);
        },
      });
      posture = await readLivePosture(clients, estate, {
        onProgress: (reading) => {
          posturePhase = reading;
          progress.showPosture(reading, pages);
        },
      });
    }
    progress.done();
    const evaluated = evaluateEstate(estate, options.policy, (io.now ?? (() => new Date()))());
    const report = buildAuditReport(evaluated, estate, options.fromFile === undefined ? 'arm' : 'file', posture);
    const text = renderAuditReport(report, options.format);
    if (options.output === undefined) io.stdout.write(text);
    else {
      try {
        writeFileSync(options.output, text);
      } catch (error) {
        throw new AuditError('output-unwritable', `cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    return exitCodeOf(report);
  } catch (error) {
    progress.done();
    for (const line of errorLines(error)) io.stderr.write(`${line}\n`);
    return 2;
  }
}
