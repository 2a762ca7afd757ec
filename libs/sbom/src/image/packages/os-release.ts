import type { FilesystemView } from '../filesystem-view';

/** The distro `ID` from `etc/os-release` (falling back to `usr/lib/os-release`), e.g. `debian`, `ubuntu`, `alpine`. */
export function distroId(view: FilesystemView): string | undefined {
  for (const path of ['etc/os-release', 'usr/lib/os-release']) {
    const file = view.get(path);
    if (file?.kind !== 'file') continue;
    for (const line of file.content.toString('utf8').split('\n')) {
      const match = /^ID=(["']?)([^"'\s]*)\1\s*$/.exec(line);
      if (match !== null && match[2] !== '') return match[2].toLowerCase();
    }
  }
  return undefined;
}
