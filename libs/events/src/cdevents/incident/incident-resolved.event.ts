import { z } from 'zod';

import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST } from '../../definitions/services';
import { incidentContentShape } from './incident-content.schema';

export const incidentResolved = defineCDEvent({
  key: 'incident.resolved',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'incident',
  content: z.strictObject(incidentContentShape()),
  description: 'An incident was resolved; closes the DORA time-to-restore interval.',
  producers: [INGEST],
  consumers: [CONSOLE],
});
