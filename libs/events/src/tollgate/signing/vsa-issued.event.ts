import { z } from 'zod';
import { absoluteUri, sha256Digest } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { CONSOLE, PROMOTER, SIGNER } from '../../definitions/services';

export const vsaIssued = defineTollgateEvent({
  key: 'vsa.issued',
  version: '0.1.0',
  content: z.strictObject({
    artifactDigest: sha256Digest().describe('the artifact the verification summary is about'),
    bundleDigest: sha256Digest().describe('content address of the Sigstore bundle holding the signed VSA'),
    verificationResult: z.literal('PASSED').describe('only a passed gate gets a VSA'),
    policyUri: absoluteUri().optional().describe('the policy pack the gate applied'),
  }),
  description: 'The signer issued a signed SLSA Verification Summary for an artifact that passed its gate.',
  producers: [SIGNER],
  consumers: [PROMOTER, CONSOLE],
});
