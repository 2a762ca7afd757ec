import { AttestationSigner } from './attestation-signer';
import { keylessBundleBuilder, type KeylessOptions } from './keyless-bundle-builder';
import { type RemoteKeySigner } from './remote-key-signer';

/** How attestations are signed: a broker-held key (default) or keyless through Fulcio and Rekor. */
export type SigningMode = { mode?: 'key'; signer: RemoteKeySigner } | ({ mode: 'keyless' } & KeylessOptions);

export function createAttestationSigner(options: SigningMode): AttestationSigner {
  if (options.mode === 'keyless') {
    const { mode: _mode, ...keyless } = options;
    return new AttestationSigner(keylessBundleBuilder(keyless));
  }
  return AttestationSigner.withKey(options.signer);
}
