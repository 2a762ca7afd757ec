import { z } from 'zod';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, POLICY_ENGINE, PROMOTER, SIGNER } from '../../definitions/services';

import { policyReference } from './gate-decision.schema';

export const gatePassed = defineTollgateEvent({
  key: 'gate.passed',
  version: '0.1.0',
  content: z.strictObject({
    policy: policyReference(),
    reasons: z.array(z.string().min(1)).describe('notes on the decision, e.g. waivers that applied'),
  }),
  description: 'An artifact passed its policy gate; it may be signed (VSA) and promoted.',
  producers: [POLICY_ENGINE],
  consumers: [SIGNER, PROMOTER, CONSOLE],
});
