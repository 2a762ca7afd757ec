import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import spdxParse from 'spdx-expression-parse';
import type { FoundComponent, Inventory } from '../model/inventory';
import { purlBase } from '../model/purl';
import type { SupportPolicy } from '../support/support-policy';
import { supportFor } from '../support/support-statement';
import { PROPERTY, SBOM_TOOL, type SbomSubject } from './sbom-subject';

export interface CycloneDxInput {
  subject: SbomSubject;
  inventory: Inventory;
  timestamp: Date;
  supportPolicy?: SupportPolicy;
}

const SCOPES = { required: Enums.ComponentScope.Required, optional: Enums.ComponentScope.Optional, dev: Enums.ComponentScope.Excluded } as const;
const SUBJECT_TYPES = {
  application: Enums.ComponentType.Application,
  container: Enums.ComponentType.Container,
  firmware: Enums.ComponentType.Firmware,
  library: Enums.ComponentType.Library,
} as const;

// Most components share a handful of licences: parse each expression once.
const spdxExpressions = new Map<string, boolean>();

function isSpdxExpression(expression: string): boolean {
  let valid = spdxExpressions.get(expression);
  if (valid === undefined) {
    try {
      spdxParse(expression);
      valid = true;
    } catch {
      valid = false;
    }
    spdxExpressions.set(expression, valid);
  }
  return valid;
}

/** A UUID fixed by the content, so a rebuild of the same input is byte-identical (RFC 4122 v5 layout over sha256). */
function contentUuid(input: CycloneDxInput): string {
  const h = createHash('sha256').update(JSON.stringify([input.subject, input.inventory.components.map((c) => c.purl).sort(), input.timestamp.toISOString()])).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function componentOf(found: FoundComponent, policy: SupportPolicy | undefined): Models.Component {
  const component = new Models.Component(Enums.ComponentType.Library, found.name, {
    bomRef: found.purl,
    group: found.namespace,
    version: found.version,
    purl: found.purl as never, // the library accepts a string purl and serialises it as given
    scope: SCOPES[found.scope],
  });
  for (const hash of found.hashes) component.hashes.set(hash.alg as Enums.HashAlgorithm, hash.content);
  if (found.license) {
    component.licenses.add(isSpdxExpression(found.license) ? new Models.LicenseExpression(found.license) : new Models.NamedLicense(found.license));
  }
  const support = policy ? supportFor(policy, purlBase(found.purl)) : undefined;
  const supplier = found.supplier ?? support?.supplier;
  if (supplier) component.supplier = new Models.OrganizationalEntity({ name: supplier });
  if (found.scope === 'dev') component.properties.add(new Models.Property(PROPERTY.scope, 'dev'));
  component.properties.add(new Models.Property(PROPERTY.evidence, found.evidence));
  if (support) {
    component.properties.add(new Models.Property(PROPERTY.supportLevel, support.level));
    component.properties.add(new Models.Property(PROPERTY.supportSource, support.source));
    // Unknown is recorded with its justification, never omitted (FDA premarket guidance).
    component.properties.add(new Models.Property(PROPERTY.endOfSupport, support.endOfSupport ?? 'unknown'));
    if (support.justification) component.properties.add(new Models.Property(PROPERTY.supportJustification, support.justification));
  }
  return component;
}

/** The CycloneDX 1.6 model of an inventory: components, the dependency graph, the artifact as metadata.component. */
export function buildCycloneDx(input: CycloneDxInput): Models.Bom {
  const bom = new Models.Bom({ serialNumber: `urn:uuid:${contentUuid(input)}` });
  const { subject } = input;
  // bom-refs must be unique (the serialiser renames a clash at random): the artifact's purl
  // names it unless a component already has that purl.
  const taken = subject.purl !== undefined && input.inventory.components.some((c) => c.purl === subject.purl);
  const root = new Models.Component(SUBJECT_TYPES[subject.type], subject.name, {
    bomRef: subject.purl && !taken ? subject.purl : `tollgate:artifact:${subject.digest ?? subject.name}`,
    version: subject.version,
    ...(subject.purl && { purl: subject.purl as never }),
  });
  if (subject.digest?.startsWith('sha256:')) root.hashes.set(Enums.HashAlgorithm['SHA-256'], subject.digest.slice('sha256:'.length));
  bom.metadata.component = root;
  bom.metadata.timestamp = input.timestamp;
  bom.metadata.lifecycles.add(Enums.LifecyclePhase.Build);
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, SBOM_TOOL.name, { group: SBOM_TOOL.vendor, version: SBOM_TOOL.version }));
  const byPurl = new Map<string, Models.Component>();
  for (const found of input.inventory.components) {
    const component = componentOf(found, input.supportPolicy);
    byPurl.set(found.purl, component);
    bom.components.add(component);
  }
  for (const found of input.inventory.components) {
    const component = byPurl.get(found.purl)!;
    for (const dep of found.dependsOn) {
      const target = byPurl.get(dep);
      if (target) component.dependencies.add(target.bomRef);
    }
  }
  for (const dep of input.inventory.roots) {
    const target = byPurl.get(dep);
    if (target) root.dependencies.add(target.bomRef);
  }
  return bom;
}

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));

/** JSON text with every list sorted, so the same input gives the same bytes. */
export function serializeCycloneDx(bom: Models.Bom): string {
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}
