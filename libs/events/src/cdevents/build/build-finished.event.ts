import { z } from 'zod';
import { purl } from '../../schema/formats.schema';

import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST } from '../../definitions/services';

export const buildFinished = defineCDEvent({
  key: 'build.finished',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'build',
  content: z.strictObject({
    artifactId: purl().optional().describe('the artifact the build produced'),
  }),
  description: 'A build finished.',
  producers: [INGEST],
  consumers: [CONSOLE],
});
