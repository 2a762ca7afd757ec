import { type FindingLocation } from '../../findings/finding';

/**
 * One shape for Terraform from HCL source and from `terraform show -json` plans, so every rule
 * is written once. Values follow the plan's JSON shape: nested blocks are arrays of objects.
 */
export interface TfBlock {
  /** Path of the file the block is written in. */
  readonly path: string;
  /**
   * Attribute values. From HCL, an expression the parser could not reduce to a literal is a
   * string containing `${…}`; from a plan, a value known only after apply is `UNKNOWN`.
   */
  readonly values: Readonly<Record<string, unknown>>;
  /** Where `attribute` is written; the block header when it is absent (or when none is given). */
  locate(attribute?: string): FindingLocation;
  /** Nested blocks called `name`, in source order. */
  blocks(name: string): readonly TfBlock[];
  /** Resource addresses (`aws_s3_bucket.logs`, `data.x.y`) that `attribute` refers to. */
  references(attribute: string): readonly string[];
}

export interface TfResource extends TfBlock {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** `aws_s3_bucket.logs`, `module.store.aws_s3_bucket.logs[0]`. */
  readonly address: string;
}

export interface TfProvider extends TfBlock {
  /** `aws`, or `aws.west` for an aliased configuration. */
  readonly name: string;
}

/** What the rules see: one directory of `.tf` files, or one plan. */
export interface TfModule {
  readonly resources: readonly TfResource[];
  readonly providers: readonly TfProvider[];
}

/** A plan value that is known only after apply. */
export const UNKNOWN: unique symbol = Symbol('terraform-unknown');

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN || (typeof value === 'string' && value.includes('${'));
}

/** A string literal; undefined for an expression, an unknown or another type. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

/** String literals of a list (or a lone string) attribute. */
export function strList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    const s = str(item);
    return s === undefined ? [] : [s];
  });
}

/** True when the attribute is absent or null, i.e. left to the provider's default. */
export function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `module.m[0].aws_s3_bucket.b["x"]` → `module.m.aws_s3_bucket.b`: references name a resource, not an instance. */
export function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

export function resourcesOfType(module: TfModule, ...types: string[]): TfResource[] {
  return module.resources.filter((r) => r.mode === 'managed' && types.includes(r.type));
}

