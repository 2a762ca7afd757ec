import { z } from 'zod';
import { purl } from '../../schema/formats.schema';
import { subjectReference } from '../common.schema';

/** Fields every incident event shares. */
export const incidentContentShape = () => ({
  description: z.string().optional().describe('what is wrong'),
  environment: subjectReference('environment the incident is in'),
  service: subjectReference('affected service').optional(),
  artifactId: purl().optional().describe('the artifact involved, as a purl'),
});
