import { z } from 'zod';
import { nonEmptyString } from '../../schema/formats.schema';

import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, POLICY_ENGINE, SIGNER } from '../../definitions/services';

export const artifactSigned = defineCDEvent({
  key: 'artifact.signed',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'artifact',
  content: z.strictObject({
    signature: nonEmptyString().describe('the signature (or a reference to the Sigstore bundle)'),
  }),
  description: 'The signer signed an artifact and attached its provenance and SBOM attestations.',
  producers: [SIGNER],
  consumers: [POLICY_ENGINE, CONSOLE],
});
