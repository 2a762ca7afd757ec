/** A JetStream stream Tollgate events are stored in; the messaging lib creates them from this list. */
export interface StreamDefinition {
  name: string;
  subjects: string[];
  maxAgeDays: number;
  description: string;
}

// One stream per domain so retention follows what the records are for:
// pipeline chatter is short-lived, evidence is kept for audits, and security
// events (the SOC's feed) keep longest: 2557 days = 7 years.
export const EVENT_STREAMS: readonly StreamDefinition[] = [
  {
    name: 'TOLLGATE_PIPELINE',
    subjects: ['tollgate.pipelinerun.>', 'tollgate.taskrun.>', 'tollgate.change.>', 'tollgate.build.>', 'tollgate.testsuiterun.>'],
    maxAgeDays: 30,
    description: 'CI activity: pipeline and task runs, source changes, builds, test suites.',
  },
  {
    name: 'TOLLGATE_ARTIFACT',
    subjects: ['tollgate.artifact.>', 'tollgate.sbom.>', 'tollgate.scan.>', 'tollgate.signing.>', 'tollgate.vsa.>'],
    maxAgeDays: 90,
    description: 'Artifacts, their SBOMs and scan results.',
  },
  {
    name: 'TOLLGATE_CREDENTIALS',
    subjects: ['tollgate.credentials.>'],
    maxAgeDays: 400,
    description: 'Credential lease lifecycle (metadata only) for audit.',
  },
  {
    name: 'TOLLGATE_GATE',
    subjects: ['tollgate.gate.>'],
    maxAgeDays: 400,
    description: 'Policy gate decisions.',
  },
  {
    name: 'TOLLGATE_DEPLOY',
    subjects: ['tollgate.service.>', 'tollgate.deployverification.>'],
    maxAgeDays: 400,
    description: 'Deployments and deploy-time verification.',
  },
  {
    name: 'TOLLGATE_SECURITY',
    subjects: ['tollgate.security.>', 'tollgate.vulnerability.>', 'tollgate.incident.>'],
    maxAgeDays: 2557,
    description: 'Breaches, vulnerabilities and incidents: the SOC feed, kept longest.',
  },
];

/** Messages a consumer gave up on after its last redelivery; never silently dropped. */
export const DEAD_LETTER_STREAM: StreamDefinition = {
  name: 'TOLLGATE_DLQ',
  subjects: ['tollgate.dlq.>'],
  maxAgeDays: 30,
  description: 'Dead letters: events a consumer could not process after its last try.',
};

/** `tollgate.dlq.<consumerName>`; the name must be one NATS token (JetStream consumer names are). */
export function deadLetterSubject(consumerName: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(consumerName)) {
    throw new Error(`deadLetterSubject: consumer name must match [A-Za-z0-9_-]+, got ${JSON.stringify(consumerName.slice(0, 40))}`);
  }
  return `tollgate.dlq.${consumerName}`;
}

/** NATS subject matching: `*` matches one token, a trailing `>` one or more. */
function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/** Every stream (event streams and the dead-letter stream) whose subjects match `subject`. */
export function streamsForSubject(subject: string): StreamDefinition[] {
  return [...EVENT_STREAMS, DEAD_LETTER_STREAM].filter((stream) => stream.subjects.some((p) => subjectMatches(p, subject)));
}
