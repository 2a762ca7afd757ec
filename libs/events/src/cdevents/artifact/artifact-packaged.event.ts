import { z } from 'zod';
import { absoluteUri } from '../../schema/formats.schema';
import { subjectReference } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST, POLICY_ENGINE, SBOM_BUILDER, SCANNER } from '../../definitions/services';

export const artifactPackaged = defineCDEvent({
  key: 'artifact.packaged',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'artifact',
  content: z.strictObject({
    change: subjectReference('source change the artifact was built from'),
    sbom: z
      .strictObject({ uri: absoluteUri().describe('where the SBOM can be fetched') })
      .optional()
      .describe('SBOM supplied by the build, if any'),
  }),
  description: 'An artifact (subject.id = its purl) was packaged; starts SBOM generation and scanning.',
  producers: [INGEST],
  consumers: [SBOM_BUILDER, SCANNER, POLICY_ENGINE, CONSOLE],
});
