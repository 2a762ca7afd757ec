import { z } from 'zod';
import { URL_TO_URI, pipelineRunFields, runEndFields } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, CREDENTIAL_BROKER, INGEST } from '../../definitions/services';

export const pipelineRunFinished = defineCDEvent({
  key: 'pipelinerun.finished',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'pipelineRun',
  legacyContentRenames: URL_TO_URI,
  content: z.strictObject({ ...pipelineRunFields(), ...runEndFields('run') }),
  description: 'A CI pipeline run finished; every lease issued for it is revoked.',
  producers: [INGEST],
  consumers: [CREDENTIAL_BROKER, CONSOLE],
});
