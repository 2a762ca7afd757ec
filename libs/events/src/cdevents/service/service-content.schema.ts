import { z } from 'zod';
import { purl } from '../../schema/formats.schema';
import { subjectReference } from '../common.schema';

/** deployed / upgraded / rolledback share one content shape. */
export const serviceDeploymentContent = () =>
  z.strictObject({
    environment: subjectReference('environment (cluster/namespace)'),
    artifactId: purl().describe('the artifact now running, as a purl with its digest'),
  });
