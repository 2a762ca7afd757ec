import { z } from 'zod';
import { absoluteUri, nonEmptyString, uriReference } from '../schema/formats.schema';

/** A reference to another subject (`{ id, source? }`), as CDEvents uses for environment, repository, change… */
export const subjectReference = (what: string) =>
  z
    .strictObject({
      id: nonEmptyString().describe(`id of the ${what}`),
      source: uriReference().optional().describe(`source of the ${what}, when it differs from the event source`),
    })
    .describe(`reference to the ${what}`);

/** v0.5 pipelineRun/taskRun outcome (v0.4.1 was a free string documented as success|error|failure). */
export const runOutcome = () => z.enum(['success', 'failure', 'cancel', 'error']);

/** v0.4.1 content used `url`; v0.5 renamed it to `uri`. */
export const URL_TO_URI: Readonly<Record<string, string>> = { url: 'uri' };

/** Optional content shared by the pipelineRun events (required on `started`, which overrides them). */
export const pipelineRunFields = () => ({
  pipelineName: nonEmptyString().optional().describe('name of the pipeline (Jenkins job)'),
  uri: absoluteUri().optional().describe('where the pipeline run can be seen'),
});

/** Content shared by the taskRun events. */
export const taskRunFields = () => ({
  taskName: nonEmptyString().optional().describe('name of the task (pipeline stage)'),
  uri: absoluteUri().optional().describe('where the task run can be seen'),
  pipelineRun: subjectReference('pipeline run').optional(),
});

/** How a pipeline or task run ended (the `finished` events). */
export const runEndFields = (what: 'run' | 'task') => ({
  outcome: runOutcome().optional().describe(`how the ${what} ended`),
  errors: z.string().optional().describe(`error summary when the ${what} did not succeed`),
});
