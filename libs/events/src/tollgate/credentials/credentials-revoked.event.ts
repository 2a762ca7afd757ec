import { z } from 'zod';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, CREDENTIAL_BROKER, POLICY_ENGINE } from '../../definitions/services';

import { engine, leaseId, leasePath, role } from './credentials-lease.schema';
import { nonEmptyString } from '../../schema/formats.schema';

export const credentialsRevoked = defineTollgateEvent({
  key: 'credentials.revoked',
  version: '0.1.0',
  content: z.strictObject({
    leaseId: leaseId(),
    role: role(),
    engine: engine(),
    path: leasePath(),
    reason: nonEmptyString().describe('why: `run-finished`, `expired`, `withdrawn`'),
  }),
  description: 'A credential lease was revoked (the pipeline run ended or the lease was withdrawn).',
  producers: [CREDENTIAL_BROKER],
  consumers: [POLICY_ENGINE, CONSOLE],
});
