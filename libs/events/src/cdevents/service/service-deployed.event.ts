import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST, TICKETER } from '../../definitions/services';
import { serviceDeploymentContent } from './service-content.schema';

export const serviceDeployed = defineCDEvent({
  key: 'service.deployed',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'service',
  content: serviceDeploymentContent(),
  description: 'A service (subject.id) was deployed to an environment for the first time.',
  producers: [INGEST],
  consumers: [CONSOLE, TICKETER],
});
