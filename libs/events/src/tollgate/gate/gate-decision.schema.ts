import { z } from 'zod';
import { nonEmptyString, sha256Digest } from '../../schema/formats.schema';

/** The policy a gate decision was made under, pinned by digest so the decision is reproducible. */
export const policyReference = () =>
  z
    .strictObject({
      name: nonEmptyString().describe('policy pack name'),
      version: nonEmptyString().describe('policy pack version'),
      digest: sha256Digest().describe('digest of the evaluated policy pack'),
    })
    .describe('the policy that was evaluated');
