import type { AuditFormat } from './auditOptions';
import type { AuditClusterPosture } from './auditPosture';
import type { AuditReport, AuditSubnetRow } from './auditReport';

const lastName = (id: string) => id.split('/').pop() ?? id;

/** One planned write in words: what enforce would do, on which resource. */
export function describeWrite(write: AuditSubnetRow['plannedWrites'][number]): string {
  const parts = write.resourceId.split('/');
  const parentAndName = `${parts[parts.length - 3] ?? ''}/${parts[parts.length - 1] ?? ''}`;
  switch (write.kind) {
    case 'route-table-create':
      return `create route table ${lastName(write.resourceId)}`;
    case 'route-table-update':
      return `update route table ${lastName(write.resourceId)}`;
    case 'route-put':
      return `put route ${parentAndName}`;
    case 'route-delete':
      return `delete route ${parentAndName}`;
    case 'subnet-put':
      return `update subnet ${parentAndName}`;
    case 'vnet-put':
      return `update vnet ${lastName(write.resourceId)}`;
  }
}

const subnetLabel = (row: AuditSubnetRow) => `${row.resourceGroup}/${row.vnet}/${row.subnet}`;
const ownerLabel = (row: AuditSubnetRow) => (row.routeTableId === undefined ? row.tableOwner : `${row.tableOwner}: ${lastName(row.routeTableId)}`);
const modeLabel = (row: AuditSubnetRow) => (row.modeSource === 'setting' ? row.mode : `${row.mode} (${row.modeSource})`);

function summaryLine(report: AuditReport): string {
  const { summary } = report;
  const incomplete = summary.postureIncomplete ? `, ${summary.postureIncomplete} not fully evaluated (see the export commands)` : '';
  const posture =
    summary.postureClusters === undefined ? '' : `; cluster posture of ${summary.postureClusters} cluster(s): ${summary.postureFindings ?? 0} failing finding(s), ${summary.postureAdvice ?? 0} advice${incomplete}`;
  return (
    `${summary.subnets} guarded subnet(s) in ${report.subscriptionIds.length} subscription(s): ${summary.compliant} compliant, ` +
    `${summary.drift} with findings, ${summary.exempt} exempt; enforce would make ${summary.plannedWrites} write(s)${posture}.`
  );
}

function table(report: AuditReport): string {
  const header = ['SUBNET', 'MODE', 'STATE', 'FINDINGS', 'TABLE OWNER', 'PLANNED WRITES (enforce)'];
  const rows = report.subnets.map((row) => [
    subnetLabel(row),
    modeLabel(row),
    row.state,
    row.findings.map((finding) => finding.code).join(', ') || '-',
    ownerLabel(row),
    row.plannedWrites.map(describeWrite).join('; ') || '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  const lines = [line(header), ...rows.map(line)];
  if (report.posture !== undefined) {
    lines.push('', 'CLUSTER POSTURE');
    if (report.posture.length === 0) lines.push('no AKS cluster in a VNet of its own in the audited subscriptions');
    for (const cluster of report.posture) lines.push('', ...postureTable(cluster));
  }
  lines.push('', summaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** One row per finding (check and status on its first), a check without findings on one row with why. */
export function postureRows(cluster: AuditClusterPosture): [check: string, status: string, finding: string, fix: string][] {
  return cluster.checks.flatMap((check) =>
    check.findings.length === 0
      ? [[check.check, check.status, check.summary, '-'] as [string, string, string, string]]
      : check.findings.map((finding, index) => [index === 0 ? check.check : '', index === 0 ? check.status : '', `${finding.code}: ${finding.message}`, finding.fix] as [string, string, string, string]),
  );
}

const postureHeading = (cluster: AuditClusterPosture) => `${cluster.clusterName} (${cluster.clusterId.split('/')[4] ?? ''}): ${cluster.status}`;

function postureTable(cluster: AuditClusterPosture): string[] {
  const header = ['CHECK', 'STATUS', 'FINDING (or why not)', 'FIX'];
  const rows = postureRows(cluster);
  const widths = [0, 1, 2].map((column) => Math.max(header[column]!.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`.trimEnd();
  return [
    postureHeading(cluster),
    line(header),
    ...rows.map(line),
    ...cluster.missingFromExport.map((command) => `  add to the export: ${command}`),
  ];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function markdown(report: AuditReport): string {
  const lines = [
    '# aks-egress-guard audit',
    '',
    summaryLine(report),
    '',
    '| Subnet | Mode | State | Findings | Table owner | Planned writes (enforce) |',
    '|---|---|---|---|---|---|',
    ...report.subnets.map(
      (row) =>
        `| ${cell(subnetLabel(row))} | ${cell(modeLabel(row))} | ${row.state} | ${row.findings.map((finding) => `\`${finding.code}\`: ${cell(finding.message)}`).join('<br>') || '-'} | ${cell(ownerLabel(row))} | ${row.plannedWrites.map((write) => cell(describeWrite(write))).join('<br>') || '-'} |`,
    ),
  ];
  if (report.posture !== undefined) {
    lines.push('', '## Cluster posture');
    if (report.posture.length === 0) lines.push('', 'No AKS cluster in a VNet of its own in the audited subscriptions.');
    for (const cluster of report.posture) {
      lines.push('', `### ${cell(postureHeading(cluster))}`, '', '| Check | Status | Finding (or why not) | Fix |', '|---|---|---|---|');
      for (const [check, status, finding, fix] of postureRows(cluster)) {
        const findingCell = /^[a-z0-9-]+: /.test(finding) && fix !== '-' ? `\`${finding.slice(0, finding.indexOf(':'))}\`${cell(finding.slice(finding.indexOf(':')))}` : cell(finding);
        lines.push(`| ${check} | ${status} | ${findingCell} | ${cell(fix)} |`);
      }
      if (cluster.missingFromExport.length > 0) lines.push('', 'Add to the export:', '', ...cluster.missingFromExport.map((command) => `- \`${command}\``));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function renderAuditReport(report: AuditReport, format: AuditFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return markdown(report);
    case 'table':
      return table(report);
  }
}
