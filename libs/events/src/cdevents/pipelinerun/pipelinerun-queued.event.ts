import { z } from 'zod';
import { URL_TO_URI, pipelineRunFields } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST } from '../../definitions/services';

export const pipelineRunQueued = defineCDEvent({
  key: 'pipelinerun.queued',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'pipelineRun',
  legacyContentRenames: URL_TO_URI,
  content: z.strictObject(pipelineRunFields()),
  description: 'A CI pipeline run was queued.',
  producers: [INGEST],
  consumers: [CONSOLE],
});
