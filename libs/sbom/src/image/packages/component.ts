import type { ComponentHash, Ecosystem, FoundComponent } from '../../model/inventory';
import { purlOf } from '../../model/purl';

/** A component found in an image: everything installed there shipped, so its scope is always `required`. */
export function imageComponent(fields: {
  ecosystem: Ecosystem;
  namespace?: string;
  name: string;
  version: string;
  qualifiers?: Record<string, string>;
  hashes?: ComponentHash[];
  license?: string;
  supplier?: string;
  evidence: string;
}): FoundComponent {
  const component: FoundComponent = {
    purl: purlOf(fields.ecosystem, fields.namespace, fields.name, fields.version, fields.qualifiers),
    ecosystem: fields.ecosystem,
    name: fields.name,
    version: fields.version,
    scope: 'required',
    hashes: fields.hashes ?? [],
    evidence: fields.evidence,
    dependsOn: [],
  };
  if (fields.namespace !== undefined) component.namespace = fields.namespace;
  if (fields.license !== undefined && fields.license !== '') component.license = fields.license;
  if (fields.supplier !== undefined && fields.supplier !== '') component.supplier = fields.supplier;
  return component;
}
