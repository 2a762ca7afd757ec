import { type z } from 'zod';
import { artifactPackaged } from '../cdevents/artifact/artifact-packaged.event';
import { artifactPublished } from '../cdevents/artifact/artifact-published.event';
import { artifactSigned } from '../cdevents/artifact/artifact-signed.event';
import { buildFinished } from '../cdevents/build/build-finished.event';
import { buildStarted } from '../cdevents/build/build-started.event';
import { changeCreated } from '../cdevents/change/change-created.event';
import { changeMerged } from '../cdevents/change/change-merged.event';
import { incidentDetected } from '../cdevents/incident/incident-detected.event';
import { incidentReported } from '../cdevents/incident/incident-reported.event';
import { incidentResolved } from '../cdevents/incident/incident-resolved.event';
import { pipelineRunFinished } from '../cdevents/pipelinerun/pipelinerun-finished.event';
import { pipelineRunQueued } from '../cdevents/pipelinerun/pipelinerun-queued.event';
import { pipelineRunStarted } from '../cdevents/pipelinerun/pipelinerun-started.event';
import { serviceDeployed } from '../cdevents/service/service-deployed.event';
import { serviceRolledback } from '../cdevents/service/service-rolledback.event';
import { serviceUpgraded } from '../cdevents/service/service-upgraded.event';
import { taskRunFinished } from '../cdevents/taskrun/taskrun-finished.event';
import { taskRunStarted } from '../cdevents/taskrun/taskrun-started.event';
import { testSuiteRunFinished } from '../cdevents/testsuiterun/testsuiterun-finished.event';
import { credentialsDenied } from '../tollgate/credentials/credentials-denied.event';
import { credentialsIssued } from '../tollgate/credentials/credentials-issued.event';
import { credentialsRevoked } from '../tollgate/credentials/credentials-revoked.event';
import { deployVerificationFailed } from '../tollgate/deployverification/deployverification-failed.event';
import { gateFailed } from '../tollgate/gate/gate-failed.event';
import { gatePassed } from '../tollgate/gate/gate-passed.event';
import { scanCompleted } from '../tollgate/scan/scan-completed.event';
import { scanFailed } from '../tollgate/scan/scan-failed.event';
import { sbomGenerated } from '../tollgate/sbom/sbom-generated.event';
import { securityBreach } from '../tollgate/security/security-breach.event';
import { signingFailed } from '../tollgate/signing/signing-failed.event';
import { vsaIssued } from '../tollgate/signing/vsa-issued.event';
import { vulnerabilityDetected } from '../tollgate/vulnerability/vulnerability-detected.event';
import { type EventDefinition } from './event-definition';

// Catalogue order: the life of one build, then Tollgate's own events.
const DEFINITIONS = [
  pipelineRunQueued,
  pipelineRunStarted,
  pipelineRunFinished,
  taskRunStarted,
  taskRunFinished,
  changeCreated,
  changeMerged,
  buildStarted,
  buildFinished,
  testSuiteRunFinished,
  artifactPackaged,
  artifactSigned,
  artifactPublished,
  serviceDeployed,
  serviceUpgraded,
  serviceRolledback,
  incidentDetected,
  incidentReported,
  incidentResolved,
  credentialsIssued,
  credentialsDenied,
  credentialsRevoked,
  sbomGenerated,
  signingFailed,
  scanCompleted,
  scanFailed,
  vulnerabilityDetected,
  gatePassed,
  gateFailed,
  vsaIssued,
  securityBreach,
  deployVerificationFailed,
] as const;

type Definitions = (typeof DEFINITIONS)[number];

/** `<subject>.<predicate>` of every Tollgate event, e.g. `pipelinerun.started`. */
export type EventKey = Definitions['key'];

/** The validated `subject.content` type of the event with key K. */
export type ContentOf<K extends EventKey> = z.output<Extract<Definitions, { readonly key: K }>['content']>;

export const EVENT_DEFINITIONS: readonly EventDefinition[] = DEFINITIONS;

const byType = new Map<string, EventDefinition>();
const byKey = new Map<string, EventDefinition>();
for (const definition of EVENT_DEFINITIONS) {
  byKey.set(definition.key, definition);
  for (const type of [definition.type, ...definition.legacyTypes]) byType.set(type, definition);
}

/** Looks an event up by CloudEvents type (v0.5, custom, or an accepted CDEvents v0.4.1 type) only. */
export function definitionForType(type: string): EventDefinition | undefined {
  return byType.get(type);
}

/** Looks an event up by key, CloudEvents type, or accepted CDEvents v0.4.1 type. */
export function getEventDefinition(keyOrType: string): EventDefinition | undefined {
  return byKey.get(keyOrType) ?? byType.get(keyOrType);
}
