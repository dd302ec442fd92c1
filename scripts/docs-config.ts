import { writeFileSync } from 'node:fs';
import { renderConfigurationReference } from '../shared/config/configurationTable';

writeFileSync('docs/configuration.md', renderConfigurationReference());
console.log('wrote docs/configuration.md');
