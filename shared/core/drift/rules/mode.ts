import { exemptUntilTag, modeTag } from '../effectiveMode';
import type { DriftRule } from './rule';
import { findingOf } from './rule';

const name = 'mode';

/** Tells operators when a VNet's mode tag was ignored or its exemption ran out. */
export const modeRule: DriftRule = {
  name,
  evaluate(observed) {
    const { mode } = observed;
    if (mode.source === 'invalid-tag') {
      return [
        findingOf(name, observed, {
          code: 'mode-tag-invalid',
          severity: 'warning',
          message: `VNet ${observed.vnet.name} has a ${modeTag} tag that is not audit, enforce or exempt; the app mode (${mode.mode}) applies.`,
          fixable: false,
          resourceId: observed.vnet.id,
        }),
      ];
    }
    if (mode.source === 'expired-exemption') {
      return [
        findingOf(name, observed, {
          code: 'exemption-expired',
          severity: 'info',
          message: `The exemption of VNet ${observed.vnet.name} ended (${exemptUntilTag} ${mode.exemptUntil}); the app mode (${mode.mode}) applies.`,
          fixable: false,
          resourceId: observed.vnet.id,
        }),
      ];
    }
    return [];
  },
  plan: () => [],
};
