import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_DEFINITIONS } from '../definitions/event-registry';
import { CATALOGUE_GENERATOR, renderEventCatalogue } from './render-event-catalogue';

const DOC = join(__dirname, '..', '..', '..', '..', 'docs', 'events.md');

describe(renderEventCatalogue.name, () => {
  it('matches docs/events.md', () => {
    const committed = readFileSync(DOC, 'utf8');
    const stale = committed === renderEventCatalogue() ? undefined : `docs/events.md is stale: run \`${CATALOGUE_GENERATOR}\``;
    expect(stale).toBeUndefined();
  });

  it('renders the same text every time', () => {
    expect(renderEventCatalogue()).toBe(renderEventCatalogue());
  });

  it('documents every event with its type, subject, stream and content fields', () => {
    const doc = renderEventCatalogue();
    for (const definition of EVENT_DEFINITIONS) {
      const section = doc.split(`### \`${definition.key}\``)[1]?.split('\n### ')[0] ?? '';
      expect(section).toContain(`- CloudEvents type: \`${definition.type}\``);
      expect(section).toContain(`- NATS subject: \`${definition.subject}\``);
      expect(section).toMatch(/- Stream: `TOLLGATE_[A-Z]+`/);
    }
    expect(doc).toContain('| `pipelineName` | string (non-empty) | yes | name of the pipeline (Jenkins job) |');
    expect(doc).toContain('| `outcome` | one of `success`, `failure`, `cancel`, `error` | no | how the run ended |');
  });
});
