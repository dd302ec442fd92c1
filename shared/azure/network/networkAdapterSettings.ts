import type { Settings } from '../../config/settings';
import type { DriftPolicy } from '../../core/drift/types';

/** The settings the network adapter reads. */
export type NetworkAdapterSettings = DriftPolicy & Pick<Settings, 'firewallResourceIds' | 'guardedSubscriptionIds'>;
