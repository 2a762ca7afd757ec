import { z } from 'zod';
import { URL_TO_URI, runEndFields, taskRunFields } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST } from '../../definitions/services';

export const taskRunFinished = defineCDEvent({
  key: 'taskrun.finished',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'taskRun',
  legacyContentRenames: URL_TO_URI,
  content: z.strictObject({ ...taskRunFields(), ...runEndFields('task') }),
  description: 'A task (stage) of a pipeline run finished.',
  producers: [INGEST],
  consumers: [CONSOLE],
});
