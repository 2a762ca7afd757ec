import { z } from 'zod';
import { subjectReference } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST, SCANNER } from '../../definitions/services';

export const changeMerged = defineCDEvent({
  key: 'change.merged',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'change',
  content: z.strictObject({
    repository: subjectReference('repository').optional(),
  }),
  description: 'A source change was merged.',
  producers: [INGEST],
  consumers: [SCANNER, CONSOLE],
});
