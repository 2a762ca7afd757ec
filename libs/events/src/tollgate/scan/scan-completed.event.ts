import { z } from 'zod';
import { nonEmptyString, sha256Digest } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, POLICY_ENGINE, SCANNER } from '../../definitions/services';

const count = (severity: string) => z.number().int().nonnegative().describe(`number of ${severity} findings`);

export const scanCompleted = defineTollgateEvent({
  key: 'scan.completed',
  version: '0.1.0',
  content: z.strictObject({
    scanner: nonEmptyString().describe('scanner that ran, e.g. `checkov`'),
    kind: z.enum(['iac', 'secret', 'vulnerability', 'code']).describe('what was scanned for (`code`: an external SAST scanner)'),
    findingCounts: z
      .strictObject({
        critical: count('critical'),
        high: count('high'),
        medium: count('medium'),
        low: count('low'),
        info: count('informational'),
      })
      .describe('findings by severity'),
    sarifDigest: sha256Digest().optional().describe('content address of the stored SARIF report'),
  }),
  description: 'A scan of a change or artifact completed; a missing scan fails the gate.',
  producers: [SCANNER],
  consumers: [POLICY_ENGINE, CONSOLE],
});
