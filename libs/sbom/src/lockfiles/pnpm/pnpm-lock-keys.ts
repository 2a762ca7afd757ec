/**
 * How pnpm names packages, by lockfile format:
 *  - v5 (`lockfileVersion: 5.x`): `/name/1.0.0_peer@2.0.0`, dependency refs `1.0.0_peer@2.0.0` or `/alias-target/1.0.0`
 *  - v6 (`'6.0'`): `/name@1.0.0(peer@2.0.0)`, refs `1.0.0(peer@2.0.0)` or `/alias-target@1.0.0`
 *  - v9 (`'9.0'`): `name@1.0.0(peer@2.0.0)` (snapshots; `packages` without the peer suffix), refs `1.0.0` or `alias-target@1.0.0`
 * Every format links workspace packages with `link:<relative dir>`.
 */
export type PnpmFormat = 'v5' | 'v6' | 'v9';

const FORMAT_BY_MAJOR: Readonly<Record<string, PnpmFormat>> = { '5': 'v5', '6': 'v6', '9': 'v9' };

/** `5.4` (a YAML number), `'6.0'`, `'9.0'` → the key format; undefined for any other version. */
export function pnpmFormatOf(lockfileVersion: unknown): PnpmFormat | undefined {
  const major = /^(\d+)\./.exec(`${String(lockfileVersion)}.`)?.[1];
  return major === undefined ? undefined : FORMAT_BY_MAJOR[major];
}

/** The package key a dependency reference points to, or `{ link }` for a local folder. Mirrors pnpm's `refToRelative`. */
export function keyOfReference(format: PnpmFormat, name: string, reference: string): string | { link: string } {
  if (reference.startsWith('link:')) return { link: reference.slice('link:'.length) };
  switch (format) {
    case 'v5':
      return reference.includes('/') ? reference : `/${name}/${reference}`;
    case 'v6': {
      if (reference.startsWith('/') || reference.startsWith('file:')) return reference;
      const beforePeers = reference.split('(')[0] ?? reference;
      return beforePeers.includes('/') ? reference : `/${name}@${reference}`;
    }
    case 'v9': {
      if (reference.startsWith('@')) return reference;
      const at = reference.indexOf('@');
      const colon = reference.indexOf(':');
      const paren = reference.indexOf('(');
      // `alias-target@1.0.0` already names its package; `1.0.0(peer@2.0.0)` or a URL with `@` does not.
      const namesItsPackage = at > 0 && (colon === -1 || at < colon) && (paren === -1 || at < paren);
      return namesItsPackage ? reference : `${name}@${reference}`;
    }
  }
}

/** The key without its peer-dependency suffix: pnpm installs one copy per peer set, all the same package. */
export function withoutPeers(format: PnpmFormat, key: string): string {
  if (format === 'v5') return key.replace(/_[^/]*$/, '');
  const paren = key.indexOf('(');
  return paren === -1 ? key : key.slice(0, paren);
}

/** Name and version from a registry package key; undefined for other sources (their entries carry `name` and `version`). */
export function nameAndVersionOf(format: PnpmFormat, key: string): { name: string; version: string } | undefined {
  const bare = withoutPeers(format, key);
  if (format === 'v5') {
    const match = /^\/((?:@[^/]+\/)?[^/]+)\/([^/]+)$/.exec(bare);
    return match?.[1] === undefined || match[2] === undefined ? undefined : { name: match[1], version: match[2] };
  }
  const path = format === 'v6' ? (bare.startsWith('/') ? bare.slice(1) : undefined) : bare;
  if (path === undefined) return undefined;
  const at = path.indexOf('@', path.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: path.slice(0, at), version: path.slice(at + 1) };
}
