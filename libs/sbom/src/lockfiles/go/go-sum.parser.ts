import { SbomInputError } from '../../model/inventory';

/**
 * `module version[/go.mod] h1:<base64>` lines of go.sum, as the set of `module@version` keys go.sum vouches for.
 * The h1 values themselves are kept out of the inventory: see readGoModules.
 */
export function parseGoSum(text: string, path: string): Set<string> {
  const known = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const fields = raw.trim().split(/\s+/);
    const [module, version, hash] = fields;
    if (fields.length !== 3 || !/^v\S+$/.test(version) || !/^(h1:[A-Za-z0-9+/]{43}=|h(?!1:)\d+:\S+)$/.test(hash)) {
      throw new SbomInputError(path, 'expected "<module> <version>[/go.mod] h1:<base64 SHA-256>" (a later hash type hN: is let through)', { line: index + 1, column: 1 });
    }
    known.add(`${module}@${version.replace(/\/go\.mod$/, '')}`);
  });
  return known;
}
