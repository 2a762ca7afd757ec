import { z } from 'zod';
import { absoluteUri, nonEmptyString } from '../../schema/formats.schema';
import { URL_TO_URI, runOutcome } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, CREDENTIAL_BROKER, INGEST } from '../../definitions/services';

export const pipelineRunFinished = defineCDEvent({
  key: 'pipelinerun.finished',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'pipelineRun',
  legacyContentRenames: URL_TO_URI,
  content: z.strictObject({
    pipelineName: nonEmptyString().optional().describe('name of the pipeline (Jenkins job)'),
    uri: absoluteUri().optional().describe('where the pipeline run can be seen'),
    outcome: runOutcome().optional().describe('how the run ended'),
    errors: z.string().optional().describe('error summary when the run did not succeed'),
  }),
  description: 'A CI pipeline run finished; every lease issued for it is revoked.',
  producers: [INGEST],
  consumers: [CREDENTIAL_BROKER, CONSOLE],
});
