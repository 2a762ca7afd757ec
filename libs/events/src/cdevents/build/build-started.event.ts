import { z } from 'zod';

import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST } from '../../definitions/services';

export const buildStarted = defineCDEvent({
  key: 'build.started',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'build',
  content: z.strictObject({}),
  description: 'A build (compile and package step) started.',
  producers: [INGEST],
  consumers: [CONSOLE],
});
