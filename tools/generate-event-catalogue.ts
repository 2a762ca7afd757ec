// Writes docs/events.md from the event definitions in libs/events.
//   node -r @swc-node/register tools/generate-event-catalogue.ts          regenerate
//   node -r @swc-node/register tools/generate-event-catalogue.ts --check  exit 1 when docs/events.md is stale
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventCatalogue } from '@tollgate/events';

const target = join(__dirname, '..', 'docs', 'events.md');
const relative = 'docs/events.md';
const expected = renderEventCatalogue();

if (process.argv.includes('--check')) {
  const actual = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (actual !== expected) {
    process.stderr.write(
      `${relative} is ${actual === undefined ? 'missing' : 'stale'}: run \`node -r @swc-node/register tools/generate-event-catalogue.ts\` and commit the result.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${relative} is up to date.\n`);
} else {
  writeFileSync(target, expected);
  process.stdout.write(`wrote ${relative}\n`);
}
