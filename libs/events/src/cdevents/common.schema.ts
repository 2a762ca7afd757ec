import { z } from 'zod';
import { nonEmptyString, uriReference } from '../schema/formats.schema';

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
