import { z } from 'zod';
import { sha256Digest } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, POLICY_ENGINE, SBOM_BUILDER, SCANNER, SIGNER } from '../../definitions/services';

export const sbomGenerated = defineTollgateEvent({
  key: 'sbom.generated',
  version: '0.1.0',
  content: z.strictObject({
    sbomDigest: sha256Digest().describe('content address of the stored SBOM document (claim check)'),
    format: z.enum(['cyclonedx', 'spdx']).describe('SBOM format'),
    componentCount: z.number().int().nonnegative().describe('number of components in the SBOM'),
    componentsByEcosystem: z
      .record(z.string().regex(/^[a-z]+$/), z.number().int().nonnegative())
      .describe('components per purl type, e.g. `{"npm": 812, "deb": 96}`'),
    artifactDigest: sha256Digest().describe('digest of the artifact the SBOM describes'),
  }),
  description: 'An SBOM was generated from the resolved dependency tree and stored by digest.',
  producers: [SBOM_BUILDER],
  consumers: [SCANNER, SIGNER, POLICY_ENGINE, CONSOLE],
});
