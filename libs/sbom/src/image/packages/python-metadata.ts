import type { FoundComponent } from '../../model/inventory';
import { SbomInputError } from '../../model/inventory';
import type { FilesystemView } from '../filesystem-view';
import { layerPath } from '../filesystem-view';
import { imageComponent } from './component';

const METADATA = /(^|\/)(site|dist)-packages\/[^/]+\.dist-info\/METADATA$/;

/** Installed Python distributions: `site-packages/*.dist-info/METADATA` (and Debian's `dist-packages`). */
export function readPythonPackages(view: FilesystemView): FoundComponent[] {
  const found: { component: FoundComponent; requires: string[] }[] = [];
  for (const file of view.list()) {
    if (file.kind !== 'file' || !METADATA.test(file.path)) continue;
    const where = layerPath(file.layer, file.path);
    const headers = parseHeaders(file.content.toString('utf8'), where);
    const first = (name: string) => headers.get(name.toLowerCase())?.[0];
    const name = first('Name');
    const version = first('Version');
    if (name === undefined || version === undefined) throw new SbomInputError(where, 'has no Name or Version header', { line: 1 });
    const license = first('License-Expression') ?? singleLineLicense(first('License'));
    const component = imageComponent({
      ecosystem: 'pypi',
      name,
      version,
      license,
      supplier: first('Author') ?? first('Author-email') ?? first('Maintainer') ?? first('Maintainer-email'),
      evidence: where,
    });
    // `Requires-Dist: urllib3<3,>=1.21.1` → `urllib3`; requirements only for an extra are not installed by default.
    const requires = (headers.get('requires-dist') ?? []).filter((r) => !/;\s*.*\bextra\s*==/.test(r)).map((r) => normalise(r.split(/[\s;<>=!~([]/)[0]));
    found.push({ component, requires });
  }
  const byName = new Map(found.map((f) => [normalise(f.component.name), f.component.purl]));
  for (const { component, requires } of found) {
    const deps = requires.map((r) => byName.get(r)).filter((p): p is string => p !== undefined && p !== component.purl);
    component.dependsOn = [...new Set(deps)].sort();
  }
  return found.map((f) => f.component);
}

/** PEP 503 name normalisation, as pip compares names. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Old `License:` often holds the whole licence text; only a one-line value is a declared licence. */
function singleLineLicense(value: string | undefined): string | undefined {
  if (value === undefined || value.includes('\n') || value === 'UNKNOWN' || value.length > 100) return undefined;
  return value;
}

/** The RFC 822 header block of a core-metadata file (the body after the first blank line is the description). */
function parseHeaders(text: string, file: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: string[] | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line === '') break;
    if (/^[ \t]/.test(line) && last !== undefined) {
      last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const match = /^([A-Za-z0-9-]+):[ \t]?(.*)$/.exec(line);
    if (match === null) throw new SbomInputError(file, `expected "Header: value", found "${line.slice(0, 40)}"`, { line: i + 1, column: 1 });
    const key = match[1].toLowerCase();
    last = headers.get(key) ?? [];
    last.push(match[2].trim());
    headers.set(key, last);
  }
  return headers;
}
