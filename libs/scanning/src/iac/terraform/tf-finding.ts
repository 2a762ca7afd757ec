import { type Finding } from '../../findings/finding';
import { iacFinding } from '../iac-finding';
import { type IacRule } from '../iac-rule';
import { baseAddress, str, type TfBlock, type TfModule, type TfResource } from './tf-model';

export interface TfFindingInput {
  readonly rule: IacRule;
  /** The block whose attribute (or header) the finding points at. */
  readonly block: TfBlock;
  /** The offending attribute; omitted (or absent from the block) → the block header. */
  readonly attribute?: string;
  /** Line-independent identity: the resource address, plus a suffix for a nested part. */
  readonly address: string;
  readonly message: string;
  readonly fix: string;
}

export function tfFinding(input: TfFindingInput): Finding {
  return iacFinding({
    rule: input.rule,
    location: input.block.locate(input.attribute),
    address: input.address,
    message: input.message,
    fix: input.fix,
    properties: { iacType: 'terraform', ...(input.attribute ? { attribute: input.attribute } : {}) },
  });
}

/** How code in the bucket's own module refers to it: `aws_s3_bucket.logs.id`. */
export function bucketIdRef(bucket: TfResource): string {
  return `${baseAddress(bucket.address).replace(/^(module\.[^.]+\.)+/, '')}.id`;
}

/** `aws_s3_bucket.assets ("acme-assets")` when the bucket name is a literal. */
export function bucketLabel(bucket: TfResource): string {
  const name = str(bucket.values['bucket']);
  return name === undefined ? bucket.address : `${bucket.address} ("${name}")`;
}

/**
 * Resources of `type` that configure `bucket` (`aws_s3_bucket_public_access_block`, `_logging`…):
 * their `bucket` argument refers to the bucket resource, or names the same literal bucket.
 */
export function companionsOf(module: TfModule, bucket: TfResource, type: string): TfResource[] {
  const address = baseAddress(bucket.address);
  const name = str(bucket.values['bucket']);
  return module.resources.filter(
    (r) =>
      r.mode === 'managed' &&
      r.type === type &&
      (r.references('bucket').includes(address) || (name !== undefined && str(r.values['bucket']) === name)),
  );
}

/** The bucket a companion resource configures, for messages; its `bucket` text when not in the module. */
export function bucketOf(module: TfModule, companion: TfResource): string {
  const bucket = module.resources.find((b) => b.type === 'aws_s3_bucket' && companionsOf(module, b, companion.type).includes(companion));
  if (bucket) return bucketLabel(bucket);
  return str(companion.values['bucket']) ?? companion.references('bucket')[0] ?? 'an unnamed bucket';
}
