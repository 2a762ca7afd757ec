/**
 * The OSV record (OSV schema 1.6/1.7: https://ossf.github.io/osv-schema/), validated with
 * zod. Unknown top-level fields are dropped, as the spec asks of readers of newer minor
 * versions; inside the parts matching depends on (events, severity) unknown shapes are
 * errors, because a misread event would silently change what is affected.
 */
import { z } from 'zod';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const timestamp = z
  .string()
  .regex(RFC3339, { message: 'expected an RFC 3339 timestamp such as 2021-12-10T00:40:56Z', abort: true })
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected a real date and time (RFC 3339)');

const nonEmpty = z.string().min(1, 'expected a non-empty string');

/** `{type, score}`; `score` is a vector (CVSS) or a priority word (Ubuntu), never a number. */
export const osvSeveritySchema = z.object({
  type: z.enum(['CVSS_V2', 'CVSS_V3', 'CVSS_V4', 'Ubuntu']),
  score: nonEmpty,
});

const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;
export type OsvEventKind = (typeof EVENT_KINDS)[number];

export const osvEventSchema = z
  .strictObject({ introduced: nonEmpty.optional(), fixed: nonEmpty.optional(), last_affected: nonEmpty.optional(), limit: nonEmpty.optional() })
  .superRefine((event, ctx) => {
    const present = EVENT_KINDS.filter((kind) => event[kind] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `expected exactly one of ${EVENT_KINDS.join(', ')}, got ${present.length === 0 ? 'none' : present.join(' and ')}`,
      });
    }
  });

export const osvRangeSchema = z
  .object({
    type: z.enum(['SEMVER', 'ECOSYSTEM', 'GIT']),
    repo: nonEmpty.optional(),
    events: z.array(osvEventSchema).min(1, 'expected at least one event'),
    database_specific: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((range, ctx) => {
    if (!range.events.some((e) => e.introduced !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['events'], message: 'expected at least one "introduced" event' });
    }
    // Events with two kinds are reported on their own; here only well-formed ones count.
    const only = (kind: OsvEventKind) => range.events.findIndex((e) => e[kind] !== undefined && EVENT_KINDS.every((k) => k === kind || e[k] === undefined));
    const fixed = only('fixed');
    const lastAffected = only('last_affected');
    if (fixed !== -1 && lastAffected !== -1) {
      ctx.addIssue({ code: 'custom', path: ['events', lastAffected], message: `"last_affected" and "fixed" (events[${fixed}]) must not appear in the same range` });
    }
    if (range.type === 'GIT' && range.repo === undefined) {
      ctx.addIssue({ code: 'custom', path: ['repo'], message: 'expected the repository URL: "repo" is required for GIT ranges' });
    }
  });

export const osvAffectedSchema = z.object({
  // Optional: some converted records (GIT-only CVEs) name no package; they never match a component.
  package: z.object({ ecosystem: nonEmpty, name: nonEmpty, purl: z.string().optional() }).optional(),
  severity: z.array(osvSeveritySchema).optional(),
  ranges: z.array(osvRangeSchema).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export const osvRecordSchema = z.object({
  schema_version: z.string().optional(),
  id: z.string().regex(/^[^\s/\\]+$/, 'expected an id such as GHSA-jfh8-c2jp-5v3q (no spaces or slashes)'),
  modified: timestamp,
  published: timestamp.optional(),
  withdrawn: timestamp.optional(),
  aliases: z.array(nonEmpty).optional(),
  related: z.array(nonEmpty).optional(),
  upstream: z.array(nonEmpty).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(osvSeveritySchema).optional(),
  affected: z.array(osvAffectedSchema).optional(),
  references: z.array(z.object({ type: nonEmpty, url: nonEmpty })).optional(),
  credits: z.array(z.object({ name: nonEmpty, contact: z.array(z.string()).optional(), type: z.string().optional() })).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;
export type OsvAffected = z.infer<typeof osvAffectedSchema>;
export type OsvRange = z.infer<typeof osvRangeSchema>;
export type OsvEvent = z.infer<typeof osvEventSchema>;
export type OsvSeverity = z.infer<typeof osvSeveritySchema>;
export type OsvReference = NonNullable<OsvRecord['references']>[number];
