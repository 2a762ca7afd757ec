import { z } from 'zod';
import { absoluteUri } from '../../schema/formats.schema';

import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST, TICKETER } from '../../definitions/services';
import { incidentContentShape } from './incident-content.schema';

export const incidentReported = defineCDEvent({
  key: 'incident.reported',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'incident',
  content: z.strictObject({
    ...incidentContentShape(),
    ticketURI: absoluteUri().describe('the ticket that tracks the incident'),
  }),
  description: 'An incident was reported in a ticketing system.',
  producers: [INGEST, TICKETER],
  consumers: [CONSOLE],
});
