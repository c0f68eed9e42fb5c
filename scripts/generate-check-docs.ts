/** Writes docs/checks.md from the check registry (`npm run docs`). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../shared/checks/registry.ts';
import { renderCheckCatalogue } from '../shared/checks/renderCheckCatalogue.ts';

const target = fileURLToPath(new URL('../docs/checks.md', import.meta.url));
writeFileSync(target, renderCheckCatalogue(CHECKS));
console.log(`wrote ${target} (${CHECKS.length} checks)`);
