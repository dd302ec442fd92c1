import { gunzipSync, gzipSync } from 'node:zlib';
import type { ReportState } from './reportState';

/**
 * Table storage limits shape this codec: a property holds at most 64 KiB, an entity at most 1 MiB and 252
 * properties. A busy week can deny tens of thousands of FQDNs, so the set is stored gzip-compressed (FQDN lists
 * compress about 5x) across numbered binary properties.
 */
export const FQDN_CHUNK_BYTES = 60 * 1024;
/** Leaves room under the 1 MiB entity limit for the other properties. */
export const MAX_FQDN_CHUNKS = 14;

export const reportStateKeys = { partitionKey: 'egress-report', rowKey: 'state' } as const;

export interface ReportStateEntity {
  partitionKey: string;
  rowKey: string;
  lastWindowEnd?: string;
  lastRunJson?: string;
  consecutiveFailures?: number;
  fqdnChunkCount?: number;
  /** True when the set did not fit and only the first (most denied) FQDNs were kept. */
  fqdnSetTruncated?: boolean;
  [chunk: `fqdns${number}`]: Uint8Array | undefined;
}

/** `deniedFqdns` must be ordered most-denied first: if the set has to be cut, the rarest FQDNs go. */
export function toReportStateEntity(state: ReportState): ReportStateEntity {
  const { chunks, truncated } = packFqdns(state.deniedFqdns);
  const entity: ReportStateEntity = {
    ...reportStateKeys,
    consecutiveFailures: state.consecutiveFailures,
    fqdnChunkCount: chunks.length,
    fqdnSetTruncated: truncated,
    ...(state.lastWindowEnd ? { lastWindowEnd: state.lastWindowEnd } : {}),
    ...(state.lastRun ? { lastRunJson: JSON.stringify(state.lastRun) } : {}),
  };
  chunks.forEach((chunk, index) => (entity[`fqdns${index}`] = chunk));
  return entity;
}

export function fromReportStateEntity(entity: ReportStateEntity): ReportState {
  const count = entity.fqdnChunkCount ?? 0;
  const parts: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const chunk = entity[`fqdns${index}`];
    if (chunk instanceof Uint8Array) parts.push(chunk);
  }
  const text = parts.length === 0 ? '' : gunzipSync(Buffer.concat(parts)).toString('utf8');
  return {
    deniedFqdns: text === '' ? [] : text.split('\n'),
    consecutiveFailures: entity.consecutiveFailures ?? 0,
    ...(entity.lastWindowEnd ? { lastWindowEnd: entity.lastWindowEnd } : {}),
    ...(entity.lastRunJson ? { lastRun: JSON.parse(entity.lastRunJson) as ReportState['lastRun'] } : {}),
  };
}

function packFqdns(fqdns: readonly string[]): { chunks: Uint8Array[]; truncated: boolean } {
  const limit = FQDN_CHUNK_BYTES * MAX_FQDN_CHUNKS;
  let kept = fqdns.filter((fqdn) => fqdn !== '' && !fqdn.includes('\n'));
  let packed = gzip(kept);
  let truncated = false;
  // Rare (hundreds of thousands of FQDNs): halve until it fits rather than fail the report.
  while (packed.length > limit && kept.length > 0) {
    kept = kept.slice(0, Math.floor(kept.length / 2));
    packed = gzip(kept);
    truncated = true;
  }
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < packed.length; offset += FQDN_CHUNK_BYTES) chunks.push(new Uint8Array(packed.subarray(offset, offset + FQDN_CHUNK_BYTES)));
  return { chunks, truncated };
}

const gzip = (fqdns: readonly string[]) => (fqdns.length === 0 ? Buffer.alloc(0) : gzipSync(fqdns.join('\n')));
