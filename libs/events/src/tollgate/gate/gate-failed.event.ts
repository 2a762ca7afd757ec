import { z } from 'zod';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, POLICY_ENGINE, TICKETER } from '../../definitions/services';

import { policyReference } from './gate-decision.schema';

export const gateFailed = defineTollgateEvent({
  key: 'gate.failed',
  version: '0.1.0',
  content: z.strictObject({
    policy: policyReference(),
    reasons: z.array(z.string().min(1)).min(1).describe('why the gate failed, specific (file, line, rule, fix)'),
  }),
  description: 'An artifact failed its policy gate; it never reaches the release registry.',
  producers: [POLICY_ENGINE],
  consumers: [TICKETER, CONSOLE],
});
