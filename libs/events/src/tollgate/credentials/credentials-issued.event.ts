import { z } from 'zod';
import { nonEmptyString, rfc3339 } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, CREDENTIAL_BROKER, POLICY_ENGINE } from '../../definitions/services';

import { engine, leaseId, leasePath, role } from './credentials-lease.schema';

export const credentialsIssued = defineTollgateEvent({
  key: 'credentials.issued',
  version: '0.1.0',
  content: z.strictObject({
    leaseId: leaseId(),
    role: role(),
    engine: engine(),
    path: leasePath(),
    secretName: nonEmptyString().describe('name of the secret in the role'),
    delivery: z.enum(['direct', 'wrapped']).describe('returned to the build, or as a single-use wrapping token'),
    ttlSeconds: z.number().int().positive().describe('lease lifetime in seconds'),
    expiresAt: rfc3339().describe('when the lease expires'),
  }),
  description: 'A short-lived credential lease was issued to a pipeline run (metadata only, never the secret).',
  producers: [CREDENTIAL_BROKER],
  consumers: [POLICY_ENGINE, CONSOLE],
});
