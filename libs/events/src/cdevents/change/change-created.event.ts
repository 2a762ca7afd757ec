import { z } from 'zod';
import { subjectReference } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST, SCANNER } from '../../definitions/services';

export const changeCreated = defineCDEvent({
  key: 'change.created',
  version: '0.4.0',
  legacyVersion: '0.3.0',
  legacySubjectType: 'change',
  content: z.strictObject({
    description: z.string().optional().describe('title or summary of the change'),
    repository: subjectReference('repository').optional(),
  }),
  description: 'A source change (pull request) was opened; the scanner runs IaC and secret scans on it.',
  producers: [INGEST],
  consumers: [SCANNER, CONSOLE],
});
