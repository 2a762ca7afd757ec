import type { ComponentHash, HashAlgorithm } from '../../model/inventory';

/** Digest sizes in bytes: a decoded digest of another length means the text was cut or altered. */
const SRI_ALGORITHMS: Record<string, { alg: HashAlgorithm; bytes: number }> = {
  sha512: { alg: 'SHA-512', bytes: 64 },
  sha384: { alg: 'SHA-384', bytes: 48 },
  sha256: { alg: 'SHA-256', bytes: 32 },
  sha1: { alg: 'SHA-1', bytes: 20 },
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Converts a Subresource Integrity string (`sha512-<base64>`, possibly several
 * separated by spaces) to lower-case hex hashes. Returns undefined when any
 * part is malformed, so the caller can report the file and line.
 */
export function hashesFromIntegrity(integrity: string): ComponentHash[] | undefined {
  const hashes: ComponentHash[] = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const dash = part.indexOf('-');
    const algorithm = SRI_ALGORITHMS[part.slice(0, dash)];
    // SRI allows `?options` after the digest; they carry no hash data.
    const encoded = part.slice(dash + 1).split('?')[0] ?? '';
    if (dash < 1) return undefined;
    // SRI says digests of unknown algorithms are ignored, not rejected.
    if (algorithm === undefined) continue;
    if (!BASE64.test(encoded)) return undefined;
    const digest = Buffer.from(encoded, 'base64');
    if (digest.length !== algorithm.bytes) return undefined;
    const content = digest.toString('hex');
    if (!hashes.some((hash) => hash.alg === algorithm.alg && hash.content === content)) hashes.push({ alg: algorithm.alg, content });
  }
  return hashes.length > 0 ? hashes : undefined;
}

/** Classic yarn lockfiles written before `integrity` existed carry the tarball's SHA-1 as the `resolved` URL fragment. */
export function hashFromResolvedFragment(resolved: string): ComponentHash | undefined {
  const fragment = /#([0-9a-f]{40})$/i.exec(resolved)?.[1];
  return fragment === undefined ? undefined : { alg: 'SHA-1', content: fragment.toLowerCase() };
}
