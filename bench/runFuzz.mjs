#!/usr/bin/env node
// `npm run fuzz`: the long fuzz runs (≥ 100,000 cases each), bench/fuzz*.ts.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => /^fuzz.*\.ts$/.test(f))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n=== ${f} ===\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, f), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.stdout.write(`\n${files.length - failed} fuzz runs passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
