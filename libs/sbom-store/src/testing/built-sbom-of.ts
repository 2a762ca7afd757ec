import { createHash } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
// Test builder only: real CycloneDX/SPDX writers, so stored documents are the real thing (see sbom-model.ts on the tag rule).
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests build real documents with the feature lib's writers
import { buildCycloneDx, buildSpdx, serializeCycloneDx, serializeSpdx, type BuiltSbom, type ComponentScope, type Ecosystem, type FoundComponent } from '@tollgate/sbom';

/** `sha256:` and 64 copies of `hexDigit`: digests whose order is plain to read in a test. */
export function digestOf(hexDigit: string): string {
  return `sha256:${hexDigit.repeat(64)}`;
}

/**
 * A real BuiltSbom of a container image holding the given components (purls with versions),
 * written by the SBOM lib's own CycloneDX and SPDX writers, without reading any lockfile.
 */
export function builtSbomOf(options: { name: string; digest?: string; components: { purl: string; scope?: ComponentScope }[]; timestamp?: Date }): BuiltSbom {
  const components = options.components.map(({ purl, scope }): FoundComponent => {
    const parsed = PackageURL.fromString(purl);
    if (!parsed.version) throw new Error(`test component needs a version: ${purl}`);
    return {
      purl: parsed.toString(),
      ecosystem: parsed.type as Ecosystem,
      namespace: parsed.namespace ?? undefined,
      name: parsed.name,
      version: parsed.version,
      scope: scope ?? 'required',
      hashes: [],
      evidence: 'test fixture',
      dependsOn: [],
    };
  });
  const subject = { name: options.name, type: 'container' as const, ...(options.digest && { digest: options.digest }) };
  const inventory = { components, roots: components.map((c) => c.purl) };
  const input = { subject, inventory, timestamp: options.timestamp ?? new Date('2026-11-01T09:00:00Z') };
  const cyclonedx = serializeCycloneDx(buildCycloneDx(input));
  const componentsByEcosystem: BuiltSbom['componentsByEcosystem'] = {};
  for (const c of components) componentsByEcosystem[c.ecosystem] = (componentsByEcosystem[c.ecosystem] ?? 0) + 1;
  return {
    subject,
    inventory,
    cyclonedx,
    sha256: createHash('sha256').update(cyclonedx).digest('hex'),
    spdx: serializeSpdx(buildSpdx(input)),
    inputs: [],
    componentsByEcosystem,
  };
}
