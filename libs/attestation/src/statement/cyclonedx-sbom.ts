import { z } from 'zod';
import { parseInput } from './attestation-input.error';
import { artifactRefSchema, buildStatement, type InTotoStatement } from './in-toto-statement';

/** The in-toto CycloneDX predicate: the BOM JSON itself is the predicate. */
export const CYCLONEDX_PREDICATE_TYPE = 'https://cyclonedx.org/bom';

export const cycloneDxBomSchema = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.string().regex(/^1\.\d+$/, { error: 'CycloneDX spec version like 1.6' }),
});

export type CycloneDxBom = z.output<typeof cycloneDxBomSchema>;

export const sbomInputSchema = z.strictObject({ artifact: artifactRefSchema, bom: cycloneDxBomSchema });

export type SbomAttestationInput = z.input<typeof sbomInputSchema>;

export function buildSbomStatement(input: SbomAttestationInput): InTotoStatement<CycloneDxBom> {
  const i = parseInput(sbomInputSchema, input, 'CycloneDX SBOM attestation');
  return buildStatement(i.artifact, CYCLONEDX_PREDICATE_TYPE, i.bom);
}
