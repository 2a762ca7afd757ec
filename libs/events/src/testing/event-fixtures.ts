// Fixtures for this lib's specs only (not exported): valid events to break one field at a time.
import { buildEvent } from '../build/build-event';
import { type TollgateEvent } from '../envelope/cloud-event.schema';

export const EVENT_ID = '6f1b2c1e-0c5a-4d1e-9a57-4e1d0b9f2a11';
export const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
export const DIGEST = `sha256:${'ab'.repeat(32)}`;
export const ARTIFACT_PURL = `pkg:oci/payments-api@sha256%3A${'ab'.repeat(32)}?repository_url=registry.example.internal/pay/payments-api`;

export function pipelineRunStartedEvent(): TollgateEvent {
  return buildEvent('pipelinerun.started', {
    id: EVENT_ID,
    time: '2025-01-01T12:00:00Z',
    source: '/ci/jenkins-prod',
    subjectId: 'payments-api/42',
    pipelineRunId: 'payments-api#42',
    traceparent: TRACEPARENT,
    content: { pipelineName: 'payments-api', uri: 'https://ci.example.internal/job/payments-api/42/' },
  });
}

type JsonObject = Record<string, unknown>;

/** Marks a property to delete in `patched`. */
export const REMOVE = Symbol('remove');

/**
 * A deep copy of `event` with the property at dotted `path` set to `value`
 * (or deleted with REMOVE), to break exactly one field of a valid event.
 */
export function patched(event: object, path: string, value: unknown): JsonObject {
  const copy = JSON.parse(JSON.stringify(event)) as JsonObject;
  const keys = path.split('.');
  const last = keys.pop()!;
  let node = copy;
  for (const key of keys) node = node[key] as JsonObject;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

/** The v0.4.1 service.deployed example of integrations.md §2.2, in structured mode. */
export function legacyServiceDeployed(): JsonObject {
  return {
    specversion: '1.0',
    id: EVENT_ID,
    source: '/cd/argocd-prod',
    type: 'dev.cdevents.service.deployed.0.2.0',
    subject: 'payments/payments-api',
    time: '2025-01-01T12:00:00Z',
    pipelinerunid: 'payments-api#42',
    data: {
      context: {
        version: '0.4.1',
        id: EVENT_ID,
        source: '/cd/argocd-prod',
        type: 'dev.cdevents.service.deployed.0.2.0',
        timestamp: '2025-01-01T12:00:00Z',
      },
      subject: {
        id: 'payments/payments-api',
        type: 'service',
        content: {
          environment: { id: 'prod-eu1' },
          artifactId: ARTIFACT_PURL,
        },
      },
    },
  };
}

/** A v0.4.1 pipelinerun.started (content uses `url`). */
export function legacyPipelineRunStarted(): JsonObject {
  return {
    specversion: '1.0',
    id: EVENT_ID,
    source: '/ci/jenkins-prod',
    type: 'dev.cdevents.pipelinerun.started.0.2.0',
    subject: 'payments-api/42',
    time: '2025-01-01T12:00:00Z',
    datacontenttype: 'application/json',
    dataschema: 'https://schemas.example.internal/0.4.1/schema/pipeline-run-started-event',
    pipelinerunid: 'payments-api#42',
    data: {
      context: {
        version: '0.4.1',
        id: EVENT_ID,
        source: '/ci/jenkins-prod',
        type: 'dev.cdevents.pipelinerun.started.0.2.0',
        timestamp: '2025-01-01T12:00:00Z',
      },
      subject: {
        id: 'payments-api/42',
        type: 'pipelineRun',
        content: { pipelineName: 'payments-api', url: 'https://ci.example.internal/job/payments-api/42/' },
      },
    },
  };
}
