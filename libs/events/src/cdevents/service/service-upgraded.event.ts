import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST, TICKETER } from '../../definitions/services';
import { serviceDeploymentContent } from './service-content.schema';

export const serviceUpgraded = defineCDEvent({
  key: 'service.upgraded',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'service',
  content: serviceDeploymentContent(),
  description: 'A running service (subject.id) was upgraded to a new artifact.',
  producers: [INGEST],
  consumers: [CONSOLE, TICKETER],
});
