/**
 * Debian: dpkg's ordering (Debian Policy §5.6.12; dpkg lib/dpkg/version.c `verrevcmp`,
 * lib/dpkg/parsehelp.c `parseversion`). `[epoch:]upstream[-revision]`: the epoch is an
 * integer (absent = 0), the revision is everything after the LAST `-` (absent = empty,
 * which equals `0`). Upstream and revision compare alternately by non-digit runs — char
 * by char, `~` before the end of the string before letters before other characters — and
 * digit runs compared numerically. So `1.0~rc1 < 1.0 < 1.0-1 < 1.0-1+deb12u1 < 1:0.9`.
 * dpkg only warns about a bad upstream start or character; here they are errors.
 */
import { InvalidVersionError } from './version-errors';
import { sign, type VersionOrdering } from './version-ordering';

interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** dpkg's `order()`: `~` < end of string < letters < everything else; digits never reach it. */
function order(c: string): number {
  if (c === '') return 0;
  if (c === '~') return -1;
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function compareFragments(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charAt(i))) || (j < b.length && !isDigit(b.charAt(j)))) {
      const difference = order(a.charAt(i)) - order(b.charAt(j));
      if (difference !== 0) return difference;
      i++;
      j++;
    }
    while (a.charAt(i) === '0') i++;
    while (b.charAt(j) === '0') j++;
    let firstDifference = 0;
    while (isDigit(a.charAt(i)) && isDigit(b.charAt(j))) {
      if (firstDifference === 0) firstDifference = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    // The longer digit run (leading zeros gone) is the larger number.
    if (isDigit(a.charAt(i))) return 1;
    if (isDigit(b.charAt(j))) return -1;
    if (firstDifference !== 0) return firstDifference;
  }
  return 0;
}

function parseDebian(version: string): DebianVersion {
  const fail = (reason: string): never => {
    throw new InvalidVersionError('deb', version, reason);
  };
  if (version === '') fail('version string is empty');
  if (/\s/.test(version)) fail('version string has embedded spaces');
  const colon = version.indexOf(':');
  let epoch = 0;
  if (colon !== -1) {
    const epochText = version.slice(0, colon);
    if (epochText === '') fail('epoch in version is empty');
    if (!/^\d+$/.test(epochText)) fail('epoch in version is not a number');
    epoch = Number(epochText);
    if (epoch > 2147483647) fail('epoch in version is too big');
    if (colon === version.length - 1) fail('nothing after colon in version number');
  }
  const rest = version.slice(colon + 1);
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen === -1 ? rest : rest.slice(0, hyphen);
  const revision = hyphen === -1 ? '' : rest.slice(hyphen + 1);
  if (hyphen !== -1 && revision === '') fail('revision number is empty');
  if (upstream === '') fail('version number is empty');
  if (!isDigit(upstream.charAt(0))) fail('version number does not start with digit');
  if (!/^[0-9A-Za-z.+~:-]*$/.test(upstream)) fail('invalid character in version number');
  if (!/^[0-9A-Za-z.+~]*$/.test(revision)) fail('invalid character in revision number');
  return { epoch, upstream, revision };
}

export const debianOrdering: VersionOrdering<DebianVersion> = {
  parse: parseDebian,
  compare: (a, b) => sign(a.epoch - b.epoch) || sign(compareFragments(a.upstream, b.upstream)) || sign(compareFragments(a.revision, b.revision)),
};
