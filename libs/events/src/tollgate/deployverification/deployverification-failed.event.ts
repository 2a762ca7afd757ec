import { z } from 'zod';
import { nonEmptyString, sha256Digest } from '../../schema/formats.schema';
import { defineTollgateEvent } from '../../definitions/event-definition';
import { ADMISSION, CONSOLE, POLICY_ENGINE } from '../../definitions/services';

export const deployVerificationFailed = defineTollgateEvent({
  key: 'deployverification.failed',
  version: '0.1.0',
  content: z.strictObject({
    artifactDigest: sha256Digest().describe('digest of the image that was refused'),
    reason: nonEmptyString().describe('which check failed (signature, provenance, VSA)'),
  }),
  description: 'Admission refused to run an artifact whose signature, provenance or VSA did not verify.',
  producers: [ADMISSION],
  consumers: [POLICY_ENGINE, CONSOLE],
});
