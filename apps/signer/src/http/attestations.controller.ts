import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { publicKeysDocument, type PublicKeysDocument } from '@tollgate/attestation';
import { bundlesOfArtifact } from '@tollgate/signer-service';
import { SignerRuntime } from '../signer.runtime';
import { SignerRequestError } from './signer-request.error';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

@Controller('v1')
export class AttestationsController {
  constructor(private readonly runtime: SignerRuntime) {}

  /** Every bundle issued for an artifact, as stored (the bytes its digest addresses). */
  @Get('artifacts/:digest/attestations')
  async attestations(@Param('digest') digest: string): Promise<{ artifactDigest: string; attestations: object[] }> {
    if (!DIGEST.test(digest)) throw new SignerRequestError(`artifact digest must be sha256:<64 lowercase hex>, got ${JSON.stringify(digest.slice(0, 80))}`);
    const bundles = await bundlesOfArtifact(this.runtime.dataSource.manager, digest);
    if (bundles.length === 0) throw new NotFoundException(`no attestations for ${digest}`);
    return {
      artifactDigest: digest,
      attestations: bundles.map((b) => ({
        predicateType: b.predicateType,
        bundleDigest: b.bundleDigest,
        keyHint: b.keyHint,
        pipelineRunId: b.pipelineRunId,
        createdAt: b.createdAt.toISOString(),
        bundle: JSON.parse(b.bundleJson) as object,
      })),
    };
  }

  /** The public keys verifiers need: every live version of the signing key, from the broker that holds it. */
  @Get('keys')
  async keys(): Promise<PublicKeysDocument> {
    const versions = await this.runtime.keys.publicKeys();
    return publicKeysDocument(versions.map((v) => ({ name: this.runtime.keys.keyName, version: v.version, status: 'active', publicKeyPem: v.publicKeyPem, createdAt: v.createdAt })));
  }
}
