import { z } from 'zod';

/*
 * The parts of SARIF 2.1.0 (OASIS, errata 01) that findings are built from. Unknown
 * properties are allowed and ignored, as the spec asks of consumers; what we read is
 * checked, so a broken log is rejected with the path of each problem.
 */

export const SARIF_LEVELS = ['none', 'note', 'warning', 'error'] as const;
export type SarifLevel = (typeof SARIF_LEVELS)[number];
const level = z.enum(SARIF_LEVELS);

const propertyBag = z.record(z.string(), z.unknown());
const multiformatMessage = z.object({ text: z.string(), markdown: z.string().optional() });
const message = z.object({
  text: z.string().optional(),
  markdown: z.string().optional(),
  id: z.string().optional(),
  arguments: z.array(z.string()).optional(),
});

const artifactLocation = z.object({
  uri: z.string().optional(),
  uriBaseId: z.string().optional(),
  index: z.number().int().min(-1).optional(),
});
export type SarifArtifactLocation = z.infer<typeof artifactLocation>;

const region = z.object({
  startLine: z.number().int().min(1).optional(),
  startColumn: z.number().int().min(1).optional(),
  endLine: z.number().int().min(1).optional(),
  endColumn: z.number().int().min(1).optional(),
});

const location = z.object({
  physicalLocation: z.object({ artifactLocation: artifactLocation.optional(), region: region.optional() }).optional(),
});

const reportingDescriptor = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  shortDescription: multiformatMessage.optional(),
  fullDescription: multiformatMessage.optional(),
  help: multiformatMessage.optional(),
  helpUri: z.string().optional(),
  defaultConfiguration: z.object({ level: level.optional() }).optional(),
  messageStrings: z.record(z.string(), multiformatMessage).optional(),
  properties: propertyBag.optional(),
});
export type SarifRule = z.infer<typeof reportingDescriptor>;

const toolComponent = z.object({
  name: z.string().min(1),
  version: z.string().optional(),
  rules: z.array(reportingDescriptor).optional(),
  globalMessageStrings: z.record(z.string(), multiformatMessage).optional(),
});
export type SarifToolComponent = z.infer<typeof toolComponent>;

const result = z.object({
  ruleId: z.string().min(1).optional(),
  ruleIndex: z.number().int().min(-1).optional(),
  rule: z
    .object({
      id: z.string().min(1).optional(),
      index: z.number().int().min(-1).optional(),
      toolComponent: z.object({ index: z.number().int().min(-1).optional(), name: z.string().optional() }).optional(),
    })
    .optional(),
  kind: z.enum(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']).optional(),
  level: level.optional(),
  message,
  locations: z.array(location).optional(),
  partialFingerprints: z.record(z.string(), z.string()).optional(),
  fingerprints: z.record(z.string(), z.string()).optional(),
  fixes: z.array(z.object({ description: message.optional() })).optional(),
  suppressions: z.array(z.object({ kind: z.string(), status: z.string().optional() })).optional(),
  baselineState: z.enum(['new', 'unchanged', 'updated', 'absent']).optional(),
  properties: propertyBag.optional(),
});
export type SarifResult = z.infer<typeof result>;

const run = z.object({
  tool: z.object({ driver: toolComponent, extensions: z.array(toolComponent).optional() }),
  // Absent or null: the tool did not report results (which is not the same as none).
  results: z.array(result).nullable().optional(),
  originalUriBaseIds: z.record(z.string(), artifactLocation).optional(),
  artifacts: z.array(z.object({ location: artifactLocation.optional() })).optional(),
});
export type SarifRun = z.infer<typeof run>;

export const sarifLogSchema = z.object({
  version: z.literal('2.1.0'),
  runs: z.array(run),
});
export type SarifLogInput = z.infer<typeof sarifLogSchema>;
