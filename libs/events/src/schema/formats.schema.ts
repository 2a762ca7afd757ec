import { z } from 'zod';

// Every string format carries its human label twice: as the error text (the
// validation-issue converter reports it as `expected`) and as `x-format` meta
// (the catalogue prints it). One label, so errors and docs never disagree.
function labelled<T extends z.ZodType>(schema: T, label: string): T {
  return schema.meta({ 'x-format': label });
}

export const SHA256_DIGEST_LABEL = 'sha256:<64 hex>';
export const SHA256_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

// RFC 3986 URI-reference: anything without whitespace or the characters the RFC
// excludes; relative references like `/ci/jenkins-prod` are valid CE sources.
const URI_REFERENCE_PATTERN = /^[^\s<>"{}|\\^`]+$/;

export const nonEmptyString = (): z.ZodString => z.string().min(1);

export const uriReference = (): z.ZodString =>
  labelled(z.string().regex(URI_REFERENCE_PATTERN, { error: 'URI-reference' }), 'URI-reference');

export const absoluteUri = (): z.ZodString =>
  labelled(
    z.string().refine((s) => !/\s/.test(s) && URL.canParse(s), { error: 'absolute URI' }),
    'absolute URI',
  );

export const sha256Digest = (): z.ZodString =>
  labelled(z.string().regex(SHA256_DIGEST_PATTERN, { error: SHA256_DIGEST_LABEL }), SHA256_DIGEST_LABEL);

// Package URL (purl): `pkg:<type>/<name>...`; CDEvents artifact ids are purls.
export const purl = (): z.ZodString =>
  labelled(z.string().regex(/^pkg:[a-zA-Z][a-zA-Z0-9.+-]*\/\S+$/, { error: 'purl (pkg:<type>/<name>)' }), 'purl (pkg:<type>/<name>)');

export const rfc3339 = (): z.ZodISODateTime =>
  labelled(z.iso.datetime({ offset: true, error: 'RFC 3339 date-time' }), 'RFC 3339 date-time');

export const regexString = (pattern: RegExp, label: string): z.ZodString =>
  labelled(z.string().regex(pattern, { error: label }), label);
