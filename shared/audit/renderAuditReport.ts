import type { AuditFormat } from './auditOptions';
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
  const posture = summary.postureFindings === undefined ? '' : `; ${summary.postureFindings} cluster posture finding(s)`;
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
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  const lines = [line(header), ...rows.map(line)];
  if (report.posture !== undefined) {
    lines.push('', 'CLUSTER POSTURE');
    for (const finding of report.posture) lines.push(`${lastName(finding.clusterId)}  ${finding.severity}  ${finding.code}  ${finding.message}`);
    if (report.posture.length === 0) lines.push('no findings');
  }
  lines.push('', summaryLine(report));
  return `${lines.join('\n')}\n`;
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
    lines.push('', '## Cluster posture', '', '| Cluster | Severity | Finding |', '|---|---|---|');
    for (const finding of report.posture) lines.push(`| ${cell(lastName(finding.clusterId))} | ${finding.severity} | \`${finding.code}\`: ${cell(finding.message)} |`);
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
