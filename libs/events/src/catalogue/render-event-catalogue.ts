import { z } from 'zod';
import { type EventDefinition } from '../definitions/event-definition';
import { EVENT_DEFINITIONS } from '../definitions/event-registry';
import { CDEVENTS_SPEC_VERSION, cdeventSchema } from '../envelope/cdevent.schema';
import { cloudEventAttributesSchema } from '../envelope/cloud-event.schema';
import { nonEmptyString } from '../schema/formats.schema';
import { DEAD_LETTER_STREAM, EVENT_STREAMS, type StreamDefinition, streamsForSubject } from '../streams/event-streams';
import { type FieldRow, fieldRows } from './content-fields';

export const CATALOGUE_GENERATOR = 'node -r @swc-node/register tools/generate-event-catalogue.ts';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function fieldTable(rows: readonly FieldRow[]): string[] {
  return table(
    ['Field', 'Type', 'Required', 'Description'],
    rows.map((r) => [`\`${r.name}\``, r.type, r.required ? 'yes' : 'no', r.description]),
  );
}

const code = (s: string): string => `\`${s}\``;

function streamRows(streams: readonly StreamDefinition[]): string[][] {
  return streams.map((s) => [code(s.name), s.subjects.map(code).join(', '), String(s.maxAgeDays), s.description]);
}

function streamName(definition: EventDefinition): string {
  return streamsForSubject(definition.subject).map((s) => s.name).join(', ') || '(none)';
}

function eventSection(definition: EventDefinition): string[] {
  const legacy = definition.legacyTypes.length ? definition.legacyTypes.map(code).join(', ') : 'none (Tollgate event)';
  const rows = fieldRows(definition.content);
  return [
    `### ${code(definition.key)}`,
    '',
    definition.description,
    '',
    `- CloudEvents type: ${code(definition.type)}`,
    `- Accepted legacy types (CDEvents v0.4.1): ${legacy}`,
    `- NATS subject: ${code(definition.subject)}`,
    `- Stream: ${code(streamName(definition))}`,
    `- Producers: ${definition.producers.join(', ')}`,
    `- Consumers: ${definition.consumers.join(', ')}`,
    '',
    ...(rows.length ? fieldTable(rows) : ['`subject.content` has no fields: it is `{}`.']),
    '',
  ];
}

const INTRO = [
  '# Tollgate event catalogue',
  '',
  `<!-- Generated from libs/events by \`${CATALOGUE_GENERATOR}\`. Do not edit by hand. -->`,
  '',
  'Every Tollgate event is a **CloudEvents 1.0** event in structured JSON mode (`application/cloudevents+json` on',
  `NATS JetStream) whose \`data\` is a **CDEvents v${CDEVENTS_SPEC_VERSION}** document. Standard CDEvents types are used`,
  'where one exists; Tollgate\'s own events are custom CDEvents `dev.cdeventsx.tollgate-<subject>.<predicate>.<M.m.p>`.',
  '',
  'Validation (`parseEvent`, `decodeEvent` in `@tollgate/events`) happens on publish and on consume. It rejects unknown',
  'properties everywhere and checks that the CloudEvent attributes equal the CDEvent context (`id`, `source`, `type`,',
  '`time` = `context.timestamp`, `subject` = `subject.id`). CDEvents v0.4.1 input of a standard event is accepted and',
  'normalized: `context.version` becomes `context.specversion`, `subject.type` is checked and dropped, pipelineRun/taskRun',
  '`url` becomes `uri`, the type takes its v0.5 version suffix, and a v0.4 `dataschema` is dropped. Anything else is',
  'rejected with one issue per problem: `<path>: expected <expected>, got <got>`.',
  '',
  'Large documents (SBOM, SARIF, bundles) never travel on the bus; events carry their sha256 digests (claim check).',
  '',
];

/** The event catalogue (docs/events.md), generated from the definitions. Deterministic. */
export function renderEventCatalogue(): string {
  const lines = [
    ...INTRO,
    '## Envelope (CloudEvent attributes)',
    '',
    ...fieldTable(fieldRows(cloudEventAttributesSchema)),
    '',
    '## CDEvent document (`data`)',
    '',
    ...fieldTable(fieldRows(cdeventSchema(nonEmptyString(), z.strictObject({}).describe('event-specific; see each event below')), 'data.')),
    '',
    '## Streams',
    '',
    'One JetStream stream per domain (file storage); every event subject belongs to exactly one stream. Consumers that',
    'give up on a message after their last redelivery publish it to `tollgate.dlq.<consumer>`.',
    '',
    ...table(['Stream', 'Subjects', 'Max age (days)', 'Holds'], streamRows([...EVENT_STREAMS, DEAD_LETTER_STREAM])),
    '',
    '## Events',
    '',
    ...table(
      ['Key', 'NATS subject', 'Stream', 'CloudEvents type'],
      EVENT_DEFINITIONS.map((d) => [code(d.key), code(d.subject), code(streamName(d)), code(d.type)]),
    ),
    '',
    ...EVENT_DEFINITIONS.flatMap(eventSection),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
