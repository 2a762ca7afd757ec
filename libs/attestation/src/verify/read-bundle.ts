import { bundleFromJSON, type BundleWithDsseEnvelope } from '@sigstore/bundle';
import { z } from 'zod';
import { parseOrExplain } from '../statement/parse-or-explain';
import { fail } from './verification.error';

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, { error: 'base64' });

// The JSON shape of a DSSE bundle, to report a malformed one by field path
// rather than @sigstore/bundle's bare list of invalid fields.
const serializedBundleSchema = z.object({
  mediaType: z.string().regex(/^application\/vnd\.dev\.sigstore\.bundle(\.v0\.\d\+json|\+json;version=0\.\d)$/, { error: 'Sigstore bundle media type' }),
  verificationMaterial: z.object({}).loose(),
  dsseEnvelope: z.object({
    payload: base64.min(1),
    payloadType: z.string().min(1),
    signatures: z.array(z.object({ sig: base64.min(1), keyid: z.string().optional() })).length(1),
  }),
});

export interface ReadBundle {
  bundle: BundleWithDsseEnvelope;
  /** The key hint, when the bundle names a key (key-based signing). */
  hint?: string;
  /** Which verification material the bundle carries. */
  material: 'publicKey' | 'certificate' | 'x509CertificateChain';
}

/** Reads a bundle's JSON (text or parsed) as a DSSE bundle; anything else is BUNDLE_MALFORMED. */
export function readBundle(input: unknown): ReadBundle {
  let json = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      json = JSON.parse(input.toString());
    } catch (error) {
      fail('BUNDLE_MALFORMED', `bundle is not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof json === 'object' && json !== null && 'messageSignature' in json && !('dsseEnvelope' in json)) {
    fail('BUNDLE_MALFORMED', 'bundle holds a message signature, not a DSSE envelope: attestations are DSSE-signed in-toto statements');
  }
  // @sigstore/bundle decides; our schema only explains its refusal by field path
  // (parsing with it on every bundle would cost more than the signature check).
  let bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (error) {
    const shape = parseOrExplain(serializedBundleSchema, json);
    const fields = (error as { fields?: string[] }).fields;
    const detail = 'problems' in shape ? shape.problems : fields?.length ? `invalid ${fields.join(', ')}` : (error as Error).message;
    fail('BUNDLE_MALFORMED', `bundle is malformed: ${detail}`, error);
  }
  if (bundle.content.$case !== 'dsseEnvelope') fail('BUNDLE_MALFORMED', 'bundle content is not a DSSE envelope');
  const content = bundle.verificationMaterial.content;
  if (content.$case === 'publicKey') {
    const hint = content.publicKey.hint;
    const keyid = bundle.content.dsseEnvelope.signatures[0].keyid;
    // The hint picks the key; an envelope naming another key is contradictory, not merely unusual.
    if (keyid && keyid !== hint) fail('BUNDLE_MALFORMED', `DSSE signature keyid ${JSON.stringify(keyid)} differs from the bundle's key hint ${JSON.stringify(hint)}`);
    return { bundle: bundle as BundleWithDsseEnvelope, hint, material: 'publicKey' };
  }
  return { bundle: bundle as BundleWithDsseEnvelope, material: content.$case };
}
