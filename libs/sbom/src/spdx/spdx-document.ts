import { createHash } from 'node:crypto';
import type { FoundComponent } from '../model/inventory';
import { purlBase } from '../model/purl';
import type { CycloneDxInput } from '../cyclonedx/cyclonedx-document';
import { SBOM_TOOL } from '../cyclonedx/sbom-subject';
import { supportFor } from '../support/support-statement';

const SPDX_CHECKSUMS: Record<string, string> = { 'SHA-1': 'SHA1', 'SHA-256': 'SHA256', 'SHA-384': 'SHA384', 'SHA-512': 'SHA512', MD5: 'MD5' };
const SPDX_ID_CHARS = /[^A-Za-z0-9.-]/g;

/** Stable per purl, whatever the order of the input. */
function spdxId(purl: string): string {
  return `SPDXRef-Package-${createHash('sha256').update(purl).digest('hex').slice(0, 16)}`;
}

function packageOf(found: FoundComponent, input: CycloneDxInput): Record<string, unknown> {
  const support = input.supportPolicy ? supportFor(input.supportPolicy, purlBase(found.purl)) : undefined;
  const supplier = found.supplier ?? support?.supplier;
  return {
    SPDXID: spdxId(found.purl),
    name: found.namespace && found.ecosystem === 'npm' ? `${found.namespace}/${found.name}` : found.name,
    versionInfo: found.version,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: found.license ?? 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    supplier: supplier ? `Organization: ${supplier}` : 'NOASSERTION',
    ...(found.hashes.length && {
      checksums: found.hashes.filter((h) => SPDX_CHECKSUMS[h.alg]).map((h) => ({ algorithm: SPDX_CHECKSUMS[h.alg], checksumValue: h.content })),
    }),
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: found.purl }],
    // SPDX 2.3's own field for the end of support; unknown is said in the comment with its justification.
    ...(support?.endOfSupport && { validUntilDate: `${support.endOfSupport}T00:00:00Z` }),
    ...(support && { comment: `support level: ${support.level}${support.justification ? `; ${support.justification}` : ''}` }),
    ...(found.scope !== 'required' && { primaryPackagePurpose: 'LIBRARY' }),
  };
}

/** SPDX 2.3 JSON from the same input as the CycloneDX document: packages, DESCRIBES and DEPENDS_ON relationships. */
export function buildSpdx(input: CycloneDxInput): Record<string, unknown> {
  const { subject, inventory } = input;
  const components = [...inventory.components].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
  const rootId = `SPDXRef-${`Artifact-${subject.name}`.replace(SPDX_ID_CHARS, '-')}`;
  const namespaceHash = createHash('sha256').update(JSON.stringify([subject, components.map((c) => c.purl), input.timestamp.toISOString()])).digest('hex');
  const root = {
    SPDXID: rootId,
    name: subject.name,
    ...(subject.version && { versionInfo: subject.version }),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: subject.type === 'container' ? 'CONTAINER' : subject.type === 'firmware' ? 'FIRMWARE' : 'APPLICATION',
    ...(subject.digest?.startsWith('sha256:') && { checksums: [{ algorithm: 'SHA256', checksumValue: subject.digest.slice(7) }] }),
    ...(subject.purl && { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: subject.purl }] }),
  };
  const relationships = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId },
    ...[...inventory.roots].sort().map((purl) => ({ spdxElementId: rootId, relationshipType: 'DEPENDS_ON', relatedSpdxElement: spdxId(purl) })),
    ...components.flatMap((c) =>
      [...c.dependsOn].sort().map((dep) => ({ spdxElementId: spdxId(c.purl), relationshipType: 'DEPENDS_ON', relatedSpdxElement: spdxId(dep) })),
    ),
  ];
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${subject.name}${subject.version ? `-${subject.version}` : ''}`,
    // A URI unique to this document's content; no host of ours is implied.
    documentNamespace: `urn:tollgate:spdx:${namespaceHash}`,
    creationInfo: { created: input.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z'), creators: [`Tool: ${SBOM_TOOL.name}-${SBOM_TOOL.version}`] },
    packages: [root, ...components.map((c) => packageOf(c, input))],
    relationships,
  };
}

export function serializeSpdx(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
