import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { DSSEBundleBuilder, type BundleBuilder } from '@sigstore/sign';
import { IN_TOTO_PAYLOAD_TYPE, serializeStatement, type InTotoStatement } from '../statement/in-toto-statement';
import { SigstoreRemoteKeySigner, type RemoteKeySigner } from './remote-key-signer';
import { SignerError } from './signer.error';

export const SIGSTORE_BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export interface SignedAttestation {
  /** The bundle in its JSON form (proto3 JSON mapping). */
  bundle: SerializedBundle;
  /** The bytes to store and hash: canonical JSON of `bundle`. */
  bundleJson: string;
  /** `sha256:<hex>` of `bundleJson`: the content address. */
  bundleDigest: string;
  predicateType: string;
  /** Subjects as `sha256:<hex>`. */
  subjectDigests: string[];
  /** `<keyName>:v<N>` for key-based bundles; absent for keyless. */
  keyHint?: string;
}

/** A DSSE bundle builder signing through a remote key, with no transparency log or timestamp (offline). */
export function keyBundleBuilder(signer: RemoteKeySigner): BundleBuilder {
  return new DSSEBundleBuilder({ signer: new SigstoreRemoteKeySigner(signer), witnesses: [] });
}

/** Signs in-toto statements into Sigstore bundles v0.3 with whichever bundle builder it is given. */
export class AttestationSigner {
  constructor(private readonly builder: BundleBuilder) {}

  static withKey(signer: RemoteKeySigner): AttestationSigner {
    return new AttestationSigner(keyBundleBuilder(signer));
  }

  async sign(statement: InTotoStatement): Promise<SignedAttestation> {
    const data = serializeStatement(statement);
    let created;
    try {
      created = await this.builder.create({ data, type: IN_TOTO_PAYLOAD_TYPE });
    } catch (error) {
      throw asSignerError(error);
    }
    const bundle = bundleToJSON(created);
    const bundleJson = canonicalize(bundle) as string;
    const material = bundle.verificationMaterial;
    return {
      bundle,
      bundleJson,
      bundleDigest: `sha256:${createHash('sha256').update(bundleJson).digest('hex')}`,
      predicateType: statement.predicateType,
      subjectDigests: statement.subject.map((s) => `sha256:${s.digest.sha256}`),
      ...(material.publicKey && { keyHint: material.publicKey.hint }),
    };
  }
}

// @sigstore/sign's errors for keyless signing (Fulcio, Rekor, identity token) become
// ours; its token-parse message quotes the token, so only the code survives for that one.
function asSignerError(error: unknown): Error {
  if (error instanceof SignerError) return error;
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message ?? String(error);
  switch (code) {
    case 'IDENTITY_TOKEN_READ_ERROR':
      return new SignerError('IDENTITY_TOKEN_UNAVAILABLE', 'no identity token for keyless signing: the identity provider failed; nothing was signed');
    case 'IDENTITY_TOKEN_PARSE_ERROR':
      return new SignerError('IDENTITY_TOKEN_UNAVAILABLE', 'the identity token for keyless signing is not a JWT with a subject; nothing was signed');
    case 'CA_CREATE_SIGNING_CERTIFICATE_ERROR':
    case 'TLOG_CREATE_ENTRY_ERROR':
    case 'TLOG_FETCH_ENTRY_ERROR':
    case 'TSA_CREATE_TIMESTAMP_ERROR':
      return new SignerError('SIGNER_UNAVAILABLE', `keyless signing failed (${code}): ${message}; nothing was signed`);
    default:
      return error instanceof Error ? error : new Error(message);
  }
}
