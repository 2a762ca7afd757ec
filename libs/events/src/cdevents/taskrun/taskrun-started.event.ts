import { z } from 'zod';
import { absoluteUri, nonEmptyString } from '../../schema/formats.schema';
import { URL_TO_URI, subjectReference } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST } from '../../definitions/services';

export const taskRunStarted = defineCDEvent({
  key: 'taskrun.started',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'taskRun',
  legacyContentRenames: URL_TO_URI,
  content: z.strictObject({
    taskName: nonEmptyString().optional().describe('name of the task (pipeline stage)'),
    uri: absoluteUri().optional().describe('where the task run can be seen'),
    pipelineRun: subjectReference('pipeline run').optional(),
  }),
  description: 'A task (stage) of a pipeline run started.',
  producers: [INGEST],
  consumers: [CONSOLE],
});
