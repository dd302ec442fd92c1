/**
 * Writes test/fixtures/firewallTableSchemas.json: the column names and types of the firewall log tables, parsed from
 * Microsoft's table reference (../shared/reference). The KQL tests read the fixture, so they also run in a clone
 * without that folder; test/unit/azure/logs/tableSchema.test.ts checks the fixture against the reference when present.
 * Run: npm run build && node build/scripts/extract-table-schemas.js
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firewallWorkspaceTables, readReferenceTableSchema, tableSchemasFixturePath } from '../test/support/kusto';

const schemas = Object.fromEntries(firewallWorkspaceTables.map((table) => [table, readReferenceTableSchema(table)]));
writeFileSync(tableSchemasFixturePath, `${JSON.stringify(schemas, null, 2)}\n`);
console.log(`wrote ${join('test', 'fixtures', 'firewallTableSchemas.json')} (${firewallWorkspaceTables.length} tables)`);
