import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** `POST /v1/transit/sign/:key` answer (broker and Vault share it). */
export const transitSignResponseSchema = z.object({
  data: z.object({
    signature: z.string().regex(/^vault:v[1-9][0-9]{0,8}:[A-Za-z0-9+/]+={0,2}$/, { error: 'vault:v<N>:<base64>' }),
    key_version: z.number().int().positive().optional(),
  }),
});

/** `GET /v1/transit/keys/:key` answer: every live version's public key. */
export const transitKeysResponseSchema = z.object({
  data: z.object({
    name: z.string().optional(),
    type: z.string(),
    latest_version: z.number().int().positive(),
    keys: z.record(z.string().regex(/^[1-9][0-9]*$/), z.object({ public_key: z.string().min(1), creation_time: z.string().optional() })),
  }),
});

/** Error bodies: the broker's `{error:{code,message}}` or Vault's `{errors:[…]}`. */
export function errorText(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, errors } = body as { error?: { code?: unknown; message?: unknown }; errors?: unknown };
  if (error && typeof error.message === 'string') return typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
  if (Array.isArray(errors) && errors.every((e) => typeof e === 'string') && errors.length > 0) return errors.join('; ');
  return undefined;
}

/** Splits `vault:v<N>:<base64>` into the version and the raw signature bytes. */
export function parseTransitSignature(text: string): { version: number; signature: Buffer } {
  const [, version, base64] = /^vault:v(\d+):(.+)$/.exec(text) ?? [];
  return { version: Number(version), signature: Buffer.from(base64, 'base64') };
}

// SPKI header of an Ed25519 public key; Vault publishes the raw 32 bytes in base64.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A published public key as a KeyObject: PEM (broker), or raw Ed25519 base64 (Vault). */
export function publicKeyFrom(text: string, type: string): KeyObject {
  if (text.startsWith('-----BEGIN')) return createPublicKey(text);
  if (type === 'ed25519') return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(text, 'base64')]), format: 'der', type: 'spki' });
  throw new TypeError(`public key of a ${type} key is not PEM`);
}
