import { createHash } from 'node:crypto';
import type { EvidenceSources } from '@tollgate/gate-service';
import type { SbomComponent } from '@tollgate/policy';
import type { Finding } from '@tollgate/scanning';
import type { PolicyEngineConfig } from './policy-engine.config';

interface CycloneDxComponent {
  purl?: string;
  name?: string;
  version?: string;
  scope?: 'required' | 'optional' | 'excluded';
  licenses?: { expression?: string; license?: { id?: string; name?: string } }[];
  properties?: { name: string; value: string }[];
  components?: CycloneDxComponent[];
}

async function getJson<T>(url: string, what: string): Promise<T | undefined> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${what}: ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

/** A CycloneDX component as the gate's evidence: purl type as ecosystem, licences as SPDX expressions, Tollgate's dev scope. */
function componentOf(c: CycloneDxComponent): SbomComponent | undefined {
  if (!c.purl) return undefined;
  const dev = c.properties?.some((p) => p.name === 'tollgate:scope' && p.value === 'dev');
  return {
    purl: c.purl,
    name: c.name ?? c.purl,
    version: c.version ?? '',
    ecosystem: /^pkg:([a-z0-9.+-]+)\//i.exec(c.purl)?.[1]?.toLowerCase() ?? 'generic',
    licenses: (c.licenses ?? []).map((l) => l.expression ?? l.license?.id ?? l.license?.name).filter((l): l is string => Boolean(l)),
    scope: dev ? 'dev' : c.scope === 'optional' ? 'optional' : 'required',
  };
}

/** The other services' APIs, read when a gate decides (the events only point at what they announce). */
export function httpEvidenceSources(config: PolicyEngineConfig, kev: readonly string[]): EvidenceSources {
  const base = (url: string) => url.replace(/\/+$/, '');
  return {
    kev,
    async sbomComponents(artifactDigest, sbomDigest) {
      const response = await fetch(`${base(config.POLICY_SBOM_BUILDER_URL)}/v1/artifacts/${encodeURIComponent(artifactDigest)}/sbom?format=cyclonedx`, { signal: AbortSignal.timeout(30_000) });
      if (!response.ok) throw new Error(`SBOM of ${artifactDigest}: the SBOM builder answered ${response.status}`);
      const text = await response.text();
      // Claim check: the document must be the one sbom.generated announced.
      const actual = `sha256:${createHash('sha256').update(text).digest('hex')}`;
      if (actual !== sbomDigest) throw new Error(`SBOM of ${artifactDigest}: the SBOM builder served ${actual}, sbom.generated announced ${sbomDigest}`);
      const out: SbomComponent[] = [];
      const walk = (list: CycloneDxComponent[] = []) => {
        for (const c of list) {
          const component = componentOf(c);
          if (component) out.push(component);
          walk(c.components);
        }
      };
      walk((JSON.parse(text) as { components?: CycloneDxComponent[] }).components);
      return out;
    },
    async findingsOfScans(pipelineRunId) {
      const body = await getJson<{ scans: { id: string; findings: Finding[] }[] }>(`${base(config.POLICY_SCANNER_URL)}/v1/findings?pipelineRunId=${encodeURIComponent(pipelineRunId)}`, 'findings');
      return new Map((body?.scans ?? []).map((s) => [s.id, s.findings]));
    },
    async bundles(artifactDigest) {
      const body = await getJson<{ attestations: { bundleDigest: string; bundle: unknown }[] }>(`${base(config.POLICY_SIGNER_URL)}/v1/artifacts/${encodeURIComponent(artifactDigest)}/attestations`, 'attestations');
      return new Map((body?.attestations ?? []).map((a) => [a.bundleDigest, a.bundle]));
    },
  };
}
