// Public API of the policy engine's logic: evidence recorded as it arrives, the
// gate decided once per artifact of a run, waivers, the decision's events and
// the SOC's webhook deliveries.
export { GATE_ENTITIES, GATE_MIGRATIONS, GATE_SCHEMA } from './persistence/gate.data-model';
export { recordCredentials, recordSbom, recordScan, recordSignature, storedEvidence, type StoredEvidence } from './evidence/evidence-records';
export { arrivedEvidence, assembleEvidence, verifySignatures, type EvidenceSources } from './evidence/evidence-assembly';
export { GateService, type GateServiceOptions } from './gates/gate.service';
export { POLICY_ENGINE_SOURCE, decisionEvents, type DetectionFinding } from './gates/gate-events';
export { allWaivers, createWaiver } from './waivers/waiver-store';
export { deliverDueBreaches, loadSocCredentials, SOC_SOURCE, socRetryDelayMs, type SocCredentials } from './soc/soc-delivery';
