import { z } from 'zod';
import { rfc3339 } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, CREDENTIAL_BROKER, POLICY_ENGINE } from '../../definitions/services';

import { engine, leaseId, role } from './credentials-lease.schema';

export const credentialsIssued = defineTollgateEvent({
  key: 'credentials.issued',
  version: '0.1.0',
  content: z.strictObject({
    leaseId: leaseId(),
    role: role(),
    engine: engine(),
    ttlSeconds: z.number().int().positive().describe('lease lifetime in seconds'),
    expiresAt: rfc3339().describe('when the lease expires'),
  }),
  description: 'A short-lived credential lease was issued to a pipeline run (metadata only, never the secret).',
  producers: [CREDENTIAL_BROKER],
  consumers: [POLICY_ENGINE, CONSOLE],
});
