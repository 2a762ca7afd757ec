import { z } from 'zod';
import { absoluteUri, nonEmptyString } from '../../schema/formats.schema';
import { URL_TO_URI } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, CREDENTIAL_BROKER, INGEST } from '../../definitions/services';

export const pipelineRunStarted = defineCDEvent({
  key: 'pipelinerun.started',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'pipelineRun',
  legacyContentRenames: URL_TO_URI,
  content: z.strictObject({
    pipelineName: nonEmptyString().describe('name of the pipeline (Jenkins job)'),
    uri: absoluteUri().describe('where the pipeline run can be seen'),
  }),
  description: 'A CI pipeline run started; the credential broker may now issue leases for it.',
  producers: [INGEST],
  consumers: [CREDENTIAL_BROKER, CONSOLE],
});
