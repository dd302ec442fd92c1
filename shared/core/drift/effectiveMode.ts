import type { EffectiveMode, GuardMode } from './types';

export const modeTag = 'egress-guard-mode';
export const exemptUntilTag = 'egress-guard-exempt-until';

const tagModes: readonly GuardMode[] = ['audit', 'enforce', 'exempt'];

/** Tag lookup ignoring case of the key: ARM preserves tag key case, people type it freely. */
function tagValue(tags: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  const found = Object.entries(tags ?? {}).find(([name]) => name.toLowerCase() === key);
  return found?.[1]?.trim();
}

/**
 * The mode for one VNet: its `egress-guard-mode` tag wins over the app setting. An exemption with
 * `egress-guard-exempt-until` in the past (or unparseable: fail closed) falls back to the app mode.
 */
export function effectiveMode(
  vnetTags: Readonly<Record<string, string>> | undefined,
  appMode: 'audit' | 'enforce',
  now: Date,
): EffectiveMode {
  const tagged = tagValue(vnetTags, modeTag)?.toLowerCase();
  if (tagged === undefined || tagged === '') return { mode: appMode, source: 'setting' };
  const mode = tagModes.find((candidate) => candidate === tagged);
  if (mode === undefined) return { mode: appMode, source: 'invalid-tag' };
  if (mode !== 'exempt') return { mode, source: 'tag' };
  const until = tagValue(vnetTags, exemptUntilTag);
  if (until === undefined || until === '') return { mode, source: 'tag' };
  const endsAt = Date.parse(until);
  if (Number.isNaN(endsAt) || endsAt <= now.getTime()) return { mode: appMode, source: 'expired-exemption', exemptUntil: until };
  return { mode, source: 'tag', exemptUntil: until };
}
