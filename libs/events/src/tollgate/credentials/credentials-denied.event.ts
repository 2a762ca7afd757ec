import { z } from 'zod';
import { nonEmptyString } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, CREDENTIAL_BROKER, POLICY_ENGINE } from '../../definitions/services';

import { denialCategory, role } from './credentials-lease.schema';

export const credentialsDenied = defineTollgateEvent({
  key: 'credentials.denied',
  version: '0.1.0',
  content: z.strictObject({
    role: role().optional().describe('role the build asked for'),
    category: denialCategory(),
    reason: nonEmptyString().describe('why no lease was issued (fail closed)'),
  }),
  description: 'A credential request was denied, or the secrets backend was unavailable (fail closed).',
  producers: [CREDENTIAL_BROKER],
  consumers: [POLICY_ENGINE, CONSOLE],
});
