import { FilesystemView } from './filesystem-view';

const at = (index: number) => ({ index, digest: `sha256:${String(index).repeat(64)}` });
const file = (path: string, index: number) => ({ kind: 'present' as const, path, layer: at(index) });

describe(FilesystemView.name, () => {
  it('deletes a whited-out directory subtree that lower layers made, but not a sibling with a common prefix', () => {
    const view = new FilesystemView();
    view.put(file('app/node_modules/a/package.json', 0));
    view.put(file('app/node_modules/a/node_modules/b/package.json', 0));
    view.put(file('app/node_modules/ab/package.json', 0));

    view.removeFromLower('app/node_modules/a', 1);

    expect(view.list().map((f) => f.path)).toEqual(['app/node_modules/ab/package.json']);
  });

  it('clears an opaque directory of lower layers only, keeping what the same layer put there', () => {
    const view = new FilesystemView();
    view.put(file('site-packages/old.dist-info/METADATA', 0));
    view.put(file('site-packages/new.dist-info/METADATA', 1));

    view.clearDirFromLower('site-packages', 1);

    expect(view.list().map((f) => f.path)).toEqual(['site-packages/new.dist-info/METADATA']);
  });

  it('keeps a lower directory when an upper layer re-creates it as a directory', () => {
    const view = new FilesystemView();
    view.put(file('etc/os-release', 0));

    view.removeFileFromLower('etc', 1);

    expect(view.get('etc/os-release')).toBeDefined();
  });
});
