import { buildDriftCard, DNS_REBOOT_NOTE } from '../../../../shared/core/cards';
import { assertValidAdaptiveCard } from '../../../support/adaptiveCards';
import { cardText } from './cardText';
import { sampleDrift } from './sampleModels';

describe('buildDriftCard', () => {
  it('says what was wrong and what changed, before and after', () => {
    const card = buildDriftCard(sampleDrift);
    const text = cardText(card);
    assertValidAdaptiveCard(card);
    expect(text).toContain('Subnet aks-nodes in vnet-spoke: drift fixed');
    expect(text).toContain('The subnet has no route table.');
    expect(text).toContain('What changed');
    expect(text).toMatch(/Route table\n\(none\)\nrt-vnet-spoke-egress/);
    expect(text).toMatch(/VNet DNS servers\n10\.0\.0\.4\n10\.100\.0\.4 \(firewall\)/);
  });

  it.each([
    { label: 'DNS changed', dnsChanged: true, expected: true },
    { label: 'DNS unchanged', dnsChanged: false, expected: false },
  ])('mentions the node reboot/reimage only when $label', ({ dnsChanged, expected }) => {
    const text = cardText(buildDriftCard({ ...sampleDrift, dnsChanged }));
    expect(text.includes(DNS_REBOOT_NOTE)).toBe(expected);
    if (expected) expect(DNS_REBOOT_NOTE).toMatch(/reboot or reimage/);
  });

  it('words audit mode as what would change', () => {
    const text = cardText(buildDriftCard({ ...sampleDrift, mode: 'audit', outcome: 'would-remediate' }));
    expect(text).toContain('What would change');
    expect(text).toContain('audit mode, nothing changed');
  });

  it('shows the failure reason', () => {
    const card = buildDriftCard({ ...sampleDrift, outcome: 'failed', failureReason: 'AuthorizationFailed on subnets/write' });
    expect(cardText(card)).toContain('Failure: AuthorizationFailed on subnets/write');
    assertValidAdaptiveCard(card);
  });

  it('says who changed it, and words a contested subnet', () => {
    const card = buildDriftCard({
      ...sampleDrift,
      outcome: 'contested',
      changedBy: 'Terraform CI (terraform-ci@contoso.com) from 203.0.113.7 at 2026-12-07T11:00:00Z',
      failureReason: 'Contested: Terraform CI keeps undoing the repair. Fix it at the source.',
      changes: [],
    });
    const text = cardText(card);
    expect(text).toContain('Subnet aks-nodes in vnet-spoke: contested: the guard stopped repairing it');
    expect(text).toContain('Changed by: Terraform CI (terraform-ci@contoso.com) from 203.0.113.7 at 2026-12-07T11:00:00Z');
    assertValidAdaptiveCard(card);
  });

  it('links to the subnet in the Azure portal', () => {
    expect(buildDriftCard(sampleDrift).actions).toEqual([
      expect.objectContaining({ type: 'Action.OpenUrl', url: `https://portal.azure.com/#@/resource${sampleDrift.subnetId}` }),
    ]);
  });
});
