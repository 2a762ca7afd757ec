import { z } from 'zod';
import { nonEmptyString, sha256Digest } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, POLICY_ENGINE, SIGNER } from '../../definitions/services';

export const signingFailed = defineTollgateEvent({
  key: 'signing.failed',
  version: '0.1.0',
  content: z.strictObject({
    artifactDigest: sha256Digest().describe('the artifact left unsigned'),
    code: z
      .enum(['SIGNER_UNAVAILABLE', 'SIGNING_REFUSED', 'EVIDENCE_MISSING'])
      .describe('why: the broker (key holder) unreachable, the broker refused, or the SBOM or run metadata to attest is missing'),
    reason: nonEmptyString().describe('what failed, in one line (never a token or key)'),
    predicateTypes: z.array(nonEmptyString()).min(1).describe('the attestations that were not issued'),
  }),
  description: 'The signer could not sign an artifact: no artifact.signed follows, and the gate sees why.',
  producers: [SIGNER],
  consumers: [POLICY_ENGINE, CONSOLE],
});
