import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST } from '../../definitions/services';
import { serviceDeploymentContent } from './service-content.schema';

export const serviceRolledback = defineCDEvent({
  key: 'service.rolledback',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'service',
  content: serviceDeploymentContent(),
  description: 'A service (subject.id) was rolled back to an earlier artifact.',
  producers: [INGEST],
  consumers: [CONSOLE],
});
