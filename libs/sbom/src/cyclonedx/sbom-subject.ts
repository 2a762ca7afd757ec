/** The artifact an SBOM describes: CycloneDX `metadata.component`, SPDX's described package. */
export interface SbomSubject {
  name: string;
  version?: string;
  /** `sha256:<hex>` of what shipped (image manifest, archive), when known. */
  digest?: string;
  purl?: string;
  type: 'application' | 'container' | 'firmware' | 'library';
}

/** Identifies this generator in `metadata.tools` and SPDX `creators`. */
export const SBOM_TOOL = { vendor: 'Tollgate', name: 'tollgate-sbom-builder', version: '0.1.0' } as const;

/** Tollgate's property namespace (CycloneDX property taxonomy: vendor-prefixed names). */
export const PROPERTY = {
  supportLevel: 'tollgate:support:level',
  supportJustification: 'tollgate:support:justification',
  supportSource: 'tollgate:support:rule',
  endOfSupport: 'cdx:lifecycle:milestone:endOfSupport',
  scope: 'tollgate:scope',
  evidence: 'tollgate:evidence',
} as const;

/** SOURCE_DATE_EPOCH (seconds) when set, so the same input gives byte-identical documents; else now. */
export function sbomTimestamp(env: Readonly<Record<string, string | undefined>> = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date(Math.floor(Date.now() / 1000) * 1000);
  if (!/^\d+$/.test(epoch)) throw new RangeError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got ${JSON.stringify(epoch)}`);
  return new Date(Number(epoch) * 1000);
}
