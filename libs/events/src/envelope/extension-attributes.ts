import { regexString } from '../schema/formats.schema';

/** CloudEvents extension attributes Tollgate sets; names follow the CE rule (lowercase a-z0-9, ≤ 20 chars). */
export const EXTENSION_ATTRIBUTES = ['pipelinerunid', 'artifactdigest', 'traceparent'] as const;

export type ExtensionAttribute = (typeof EXTENSION_ATTRIBUTES)[number];

export const TRACEPARENT_LABEL = '00-<32 hex>-<16 hex>-<2 hex>';
const TRACEPARENT_PATTERN = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * W3C Trace Context `traceparent`, version 00: lowercase hex, and neither the
 * trace id nor the parent id may be all zeros (the spec calls those invalid).
 */
export function isValidTraceparent(s: string): boolean {
  return TRACEPARENT_PATTERN.test(s);
}

export const traceparentSchema = () => regexString(TRACEPARENT_PATTERN, TRACEPARENT_LABEL);
