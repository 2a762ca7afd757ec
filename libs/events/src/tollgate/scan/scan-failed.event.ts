import { z } from 'zod';
import { nonEmptyString } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, POLICY_ENGINE, SCANNER } from '../../definitions/services';

export const scanFailed = defineTollgateEvent({
  key: 'scan.failed',
  version: '0.1.0',
  content: z.strictObject({
    scanner: nonEmptyString().describe('scanner that failed, e.g. `trivy`'),
    kind: z.enum(['iac', 'secret', 'vulnerability', 'code']).describe('what it was to scan for'),
    code: z
      .enum(['TIMEOUT', 'CRASHED', 'INVALID_OUTPUT', 'SOURCE_UNAVAILABLE', 'INPUT_INVALID'])
      .describe('why: killed at its timeout, exited with an error, emitted no or broken SARIF, the tree or SBOM could not be read, the input is malformed'),
    reason: nonEmptyString().describe('what failed, in one line (never a secret)'),
  }),
  description: 'A scan could not be completed: its evidence is missing, and the gate treats it as such (never as a pass).',
  producers: [SCANNER],
  consumers: [POLICY_ENGINE, CONSOLE],
});
