/** How firmly a container image reference names what will run. */
export type ImagePinning = 'digest' | 'tag' | 'latest' | 'untagged';

export interface ImageRef {
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** `registry:5000/team/app:1.2@sha256:…` → name, tag, digest (a port is not a tag). */
export function parseImageRef(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  return {
    name: hasTag ? rest.slice(0, colon) : rest,
    ...(hasTag ? { tag: rest.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** A digest pins the content whatever the tag says; `latest` and no tag move under you. */
export function imagePinning(ref: string): ImagePinning {
  const { tag, digest } = parseImageRef(ref.trim());
  if (digest && /^[a-z0-9]+:[a-f0-9]{32,}$/i.test(digest)) return 'digest';
  if (tag === undefined) return 'untagged';
  return tag === 'latest' ? 'latest' : 'tag';
}
