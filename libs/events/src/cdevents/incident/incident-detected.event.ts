import { z } from 'zod';

import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST, TICKETER } from '../../definitions/services';
import { incidentContentShape } from './incident-content.schema';

export const incidentDetected = defineCDEvent({
  key: 'incident.detected',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'incident',
  content: z.strictObject(incidentContentShape()),
  description: 'An incident was detected in an environment; DORA attributes it to the service and digest.',
  producers: [INGEST],
  consumers: [CONSOLE, TICKETER],
});
