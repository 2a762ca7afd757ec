import { z } from 'zod';
import { absoluteUri, nonEmptyString } from '../../schema/formats.schema';

import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, PROMOTER } from '../../definitions/services';

export const artifactPublished = defineCDEvent({
  key: 'artifact.published',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'artifact',
  content: z.strictObject({
    sbom: z
      .strictObject({ uri: absoluteUri().describe('where the SBOM can be fetched') })
      .optional()
      .describe('SBOM of the published artifact'),
    user: nonEmptyString().optional().describe('who (or which service) published it'),
  }),
  description: 'An artifact that passed its gate was promoted to the release registry.',
  producers: [PROMOTER],
  consumers: [CONSOLE],
});
