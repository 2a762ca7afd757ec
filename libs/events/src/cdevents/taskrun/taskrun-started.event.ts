import { z } from 'zod';
import { URL_TO_URI, taskRunFields } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST } from '../../definitions/services';

export const taskRunStarted = defineCDEvent({
  key: 'taskrun.started',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'taskRun',
  legacyContentRenames: URL_TO_URI,
  content: z.strictObject(taskRunFields()),
  description: 'A task (stage) of a pipeline run started.',
  producers: [INGEST],
  consumers: [CONSOLE],
});
