// The default pack's rules written by hand as TypeScript predicates: the baseline the CEL
// engine is measured against. Same violations (rule, item, message, fix, fingerprint),
// sorted, with a verdict; licences judged by the same LicenseEvaluator.
import { createHash } from 'node:crypto';
import type { EvidenceFinding, GateEvidence, LicenseEvaluator } from '@tollgate/policy';

export interface HandViolation {
  ruleId: string;
  message: string;
  fix: string;
  fingerprint: string;
}

const BLOCKING = new Set(['iac-critical', 'secret-exposed', 'vulnerability-critical', 'vulnerability-known-exploited', 'signature-invalid', 'provenance-missing', 'credentials-denied', 'scan-failed']);

const fingerprint = (ruleId: string, identity: string) => createHash('sha256').update(`${ruleId}\0${identity}`).digest('hex');
const at = (f: EvidenceFinding) => (f.location ? `${f.location.path}:${f.location.startLine}` : '(no location)');

function advisoryIds(f: EvidenceFinding): string[] {
  const aliases = typeof f.properties?.['aliases'] === 'string' ? f.properties['aliases'].split(',') : [];
  const advisory = typeof f.properties?.['advisoryId'] === 'string' ? [f.properties['advisoryId']] : [];
  return [...new Set([f.ruleId, ...advisory, ...aliases].map((id) => id.trim()).filter(Boolean))];
}

export function handWrittenDecision(evidence: GateEvidence, licenses: LicenseEvaluator): { verdict: 'pass' | 'fail'; violations: HandViolation[] } {
  const out: HandViolation[] = [];
  const kev = new Set((evidence.kev ?? []).map((id) => id.toUpperCase()));
  const finding = (ruleId: string, f: EvidenceFinding, message: string, fix: string) => out.push({ ruleId, message, fix, fingerprint: fingerprint(ruleId, `finding:${f.fingerprint}`) });
  for (const f of evidence.findings) {
    const fix = f.fix ?? 'upgrade or remove the component';
    if (f.kind === 'iac' && f.severity === 'critical') finding('iac-critical', f, `${f.ruleId} ${f.message} at ${at(f)}`, f.fix ?? 'change the resource');
    if (f.kind === 'iac' && f.severity === 'high') finding('iac-high', f, `${f.ruleId} ${f.message} at ${at(f)}`, f.fix ?? 'change the resource');
    if (f.kind === 'iac' && f.severity === 'medium') finding('iac-medium', f, `${f.ruleId} ${f.message} at ${at(f)}`, f.fix ?? 'change the resource');
    if (f.kind === 'secret') finding('secret-exposed', f, `Exposed secret (${f.ruleId}) at ${at(f)}: ${f.message}`, 'Revoke and rotate the credential now');
    if (f.kind === 'vulnerability' && f.severity === 'critical') finding('vulnerability-critical', f, `Critical vulnerability ${f.ruleId}: ${f.message}`, fix);
    if (f.kind === 'vulnerability' && f.severity === 'high') finding('vulnerability-high', f, `High vulnerability ${f.ruleId}: ${f.message}`, fix);
    if (f.kind === 'vulnerability') {
      const exploited = advisoryIds(f).filter((id) => kev.has(id.toUpperCase()));
      if (exploited.length > 0) finding('vulnerability-known-exploited', f, `Known-exploited vulnerability ${advisoryIds(f).join(', ')}: ${f.message}`, `${fix}; urgent`);
    }
    if ((f.kind === 'code' || f.kind === 'other') && (f.severity === 'critical' || f.severity === 'high')) finding('code-finding', f, `${f.scanner} ${f.ruleId} (${f.severity}) at ${at(f)}: ${f.message}`, f.fix ?? 'review the code');
  }
  const evidenceRule = (ruleId: string, message: string, fix: string) => out.push({ ruleId, message, fix, fingerprint: fingerprint(ruleId, `evidence:${evidence.artifactDigest}`) });
  const signature = evidence.signature!;
  if (!signature.verified) evidenceRule('signature-invalid', `Signature verification failed for ${evidence.artifactDigest}: ${signature.failure?.code ?? 'not verified'}`, 'Rebuild and re-sign');
  if (signature.verified && !signature.predicateTypes.some((t) => t.startsWith('https://slsa.dev/provenance/'))) evidenceRule('provenance-missing', `No SLSA provenance for ${evidence.artifactDigest}`, 'Attest provenance');
  if (evidence.credentials!.outcome === 'denied') evidenceRule('credentials-denied', `Credentials were denied to run ${evidence.pipelineRunId}`, 'Check the role binding');
  for (const scan of evidence.scans) {
    if (scan.status === 'failed') out.push({ ruleId: 'scan-failed', message: `The ${scan.kind} scan by ${scan.scanner} failed`, fix: 'Fix the scanner', fingerprint: fingerprint('scan-failed', `scan:${scan.scanner}/${scan.kind}`) });
  }
  for (const c of evidence.sbom!.components) {
    if (c.scope === 'dev') continue;
    const license = licenses.assess(c.licenses);
    if (license.verdict === 'allowed') continue;
    const ruleId = license.verdict === 'denied' ? 'license-denied' : 'license-unknown';
    out.push({ ruleId, message: `${c.purl}: ${license.reason}`, fix: 'Replace the component or have legal review it', fingerprint: fingerprint(ruleId, `component:${c.purl}`) });
  }
  out.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return { verdict: out.some((v) => BLOCKING.has(v.ruleId)) ? 'fail' : 'pass', violations: out };
}
