import { z } from 'zod';
import { nonEmptyString } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, CREDENTIAL_BROKER, POLICY_ENGINE, SOC, TICKETER } from '../../definitions/services';
import { severity } from '../common.schema';

export const securityBreach = defineTollgateEvent({
  key: 'security.breach',
  version: '0.1.0',
  content: z.strictObject({
    severity: severity().describe('severity (OCSF severity, lowercased)'),
    category: nonEmptyString().describe('kind of breach, e.g. `unsigned-artifact`, `expired-waiver`, `wrapping-token-reuse`'),
    message: nonEmptyString().describe('one-line summary for the SOC'),
    reference: nonEmptyString().describe('where the evidence is, e.g. a decision or finding id'),
  }),
  description: 'A security-relevant policy breach the SOC must know about (OCSF-style summary).',
  producers: [POLICY_ENGINE, CREDENTIAL_BROKER],
  consumers: [TICKETER, CONSOLE, SOC],
});
