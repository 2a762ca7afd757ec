import type { FilesystemView } from '../filesystem-view';

/** What an image's os-release says about its distro. */
export interface OsRelease {
  /** `ID`, lower case: `debian`, `ubuntu`, `alpine`. */
  id: string;
  /**
   * `VERSION_ID` (`12`, `22.04`, `3.19.1`), else `VERSION_CODENAME` (Debian testing and
   * sid carry only `trixie`); undefined when the file names neither.
   */
  release?: string;
}

/** `etc/os-release`, falling back to `usr/lib/os-release` (where `etc/os-release` usually links to). */
export function readOsRelease(view: FilesystemView): OsRelease | undefined {
  for (const path of ['etc/os-release', 'usr/lib/os-release']) {
    const file = view.get(path);
    if (file?.kind !== 'file') continue;
    const fields = osReleaseFields(file.content.toString('utf8'));
    const id = fields.get('ID')?.toLowerCase();
    if (id === undefined || id === '') continue;
    const release = fields.get('VERSION_ID') || fields.get('VERSION_CODENAME') || undefined;
    return release === undefined ? { id } : { id, release };
  }
  return undefined;
}

/**
 * The purl `distro=` qualifier, `<ID>-<release>` as syft writes it (`debian-12`, `ubuntu-22.04`,
 * `alpine-3.19.1`, `debian-trixie`). Undefined without a release: a bare `debian` adds nothing
 * the namespace does not say, and a guessed release would mismatch advisories.
 */
export function distroQualifier(os: OsRelease | undefined): string | undefined {
  return os?.release === undefined ? undefined : `${os.id}-${os.release}`;
}

/** `KEY=value`, `KEY="value"` or `KEY='value'` lines; values are simple tokens here, so escapes are only unquoted. */
function osReleaseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'`$\\]*))\s*$/.exec(line.replace(/\r$/, ''));
    if (match === null) continue;
    const value = match[2] === undefined ? (match[3] ?? match[4]) : match[2].replace(/\\(.)/g, '$1');
    if (!fields.has(match[1])) fields.set(match[1], value.trim());
  }
  return fields;
}
