export { IngestError, type IngestErrorCode, type IngestIssue } from './ingest.error';
export { ingestSourceSchema, ingestSourcesFileSchema, type IngestSourceConfig } from './auth/ingest-sources.schema';
export { SourceRegistry, type IngestSource } from './auth/source-registry';
export { RateLimiter } from './auth/rate-limiter';
export { OidcTokenVerifier } from './auth/oidc-token.verifier';
export {
  RequestAuthenticator,
  type AuthRequest,
  type AuthenticatorOptions,
  type IngestEndpoint,
  type Principal,
  type ReplayGuard,
} from './auth/request-authenticator';
export { jenkinsNotificationSchema, type JenkinsNotification } from './jenkins/jenkins-notification.schema';
export { mapJenkinsNotification, jenkinsEventId, outcomeOf, type JenkinsSourceContext } from './jenkins/jenkins-notification.mapper';
export { parseCloudEventsRequest, type ParsedRequest } from './cloudevents/cloudevents-request.parser';
export { withInferredPipelineRunId } from './cloudevents/pipeline-run-id';
export { AcceptEventsUseCase, validateEvents, type AcceptedEvent, type EventOutbox } from './acceptance/accept-events.use-case';
export { IngestRequestHandler, type IngestHttpRequest, type IngestResult } from './acceptance/ingest-request.handler';
export {
  PipelineQuery,
  recordPipelineEvents,
  type PipelineView,
  type PipelineStageView,
  type PipelineEventView,
} from './pipelines/pipeline-read-model';
export { AcceptedEventEntity, RequestSignatureEntity, PipelineEventEntity } from './persistence/ingest.entities';
export { CreateIngestTables1763769600100 } from './persistence/create-ingest-tables.migration';
export { RequestSignatureRepository } from './persistence/request-signature.repository';
export { pruneIngestTables, type RetentionPolicy } from './persistence/ingest-retention';
export { INGEST_SCHEMA, INGEST_ENTITIES, INGEST_MIGRATIONS } from './persistence/ingest.data-model';
