import { FQDN_CHUNK_BYTES, fromReportStateEntity, MAX_FQDN_CHUNKS, toReportStateEntity } from '../../../../shared/azure/tables/reportStateEntity';
import type { ReportState } from '../../../../shared/azure/tables/reportState';

const lastRun: ReportState['lastRun'] = {
  at: '2026-11-23T07:00:00.000Z',
  window: { from: '2026-11-22T07:00:00.000Z', to: '2026-11-23T07:00:00.000Z' },
  kind: 'scheduled',
  delivery: { delivered: false, reason: 'retries-exhausted', status: 500, attempts: 4, error: 'Teams answered HTTP 500' },
};

describe('toReportStateEntity / fromReportStateEntity', () => {
  it.each([
    { label: 'the first run (empty)', state: { deniedFqdns: [], consecutiveFailures: 0 } },
    { label: 'a delivered report', state: { lastWindowEnd: '2026-11-23T07:00:00.000Z', deniedFqdns: ['registry.npmjs.org', 'ghcr.io'], consecutiveFailures: 0 } },
    { label: 'a failed delivery', state: { lastWindowEnd: '2026-11-22T07:00:00.000Z', deniedFqdns: ['ghcr.io'], consecutiveFailures: 2, lastRun } },
  ])('round-trips $label', ({ state }) => {
    expect(fromReportStateEntity(toReportStateEntity(state))).toEqual(state);
  });

  it('keeps every property under the 64 KiB Table storage limit for a large set', () => {
    // Random names compress badly: the worst case for the chunking.
    const fqdns = Array.from({ length: 40_000 }, (_, index) => `${Math.random().toString(36).slice(2)}-${index}.example.com`);
    const entity = toReportStateEntity({ deniedFqdns: fqdns, consecutiveFailures: 0 });
    expect(entity.fqdnChunkCount).toBeGreaterThan(1);
    for (let index = 0; index < entity.fqdnChunkCount!; index++) expect(entity[`fqdns${index}`]!.byteLength).toBeLessThanOrEqual(FQDN_CHUNK_BYTES);
    expect(fromReportStateEntity(entity).deniedFqdns).toEqual(fqdns);
  });

  it('cuts the rarest FQDNs (the end of the list) when the set cannot fit, and says so', () => {
    const fqdns = Array.from({ length: 400_000 }, (_, index) => `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}-${index}.example.com`);
    const entity = toReportStateEntity({ deniedFqdns: fqdns, consecutiveFailures: 0 });
    expect(entity.fqdnSetTruncated).toBe(true);
    expect(entity.fqdnChunkCount).toBeLessThanOrEqual(MAX_FQDN_CHUNKS);
    const kept = fromReportStateEntity(entity).deniedFqdns;
    expect(kept).toEqual(fqdns.slice(0, kept.length));
  });
});
