/** A layer as it is named in evidence and errors: its index in the manifest and its digest. */
export interface LayerRef {
  index: number;
  digest: string;
}

/** A `pom.properties` found inside a jar (possibly inside a jar nested in it). */
export interface ArchivedPom {
  /** Path inside the jar, with `!/` between nesting levels, e.g. `BOOT-INF/lib/a.jar!/META-INF/maven/g/a/pom.properties`. */
  entry: string;
  content: Buffer;
  /** sha1/sha256 of the (nested) jar that holds it, to match `<artifactId>-<version>.jar`. */
  jarName: string;
  jarSha1: string;
  jarSha256: string;
}

export type ViewFile = { path: string; layer: LayerRef } & (
  | { kind: 'file'; content: Buffer }
  /** Only its presence matters (dpkg's `info/<pkg>.list` says which layer installed a package). */
  | { kind: 'present' }
  /** A jar keeps only its poms; `unreadable` says why it could not be read (reported only if it is in the final view). */
  | { kind: 'jar'; poms: ArchivedPom[]; unreadable?: string }
);

/** `<layers[i]@sha256:…>/<path>`: where a file of the final filesystem came from, for evidence and errors. */
export function layerPath(layer: LayerRef, path: string): string {
  return `layers[${layer.index}]@${layer.digest}/${path}`;
}

/**
 * The final filesystem of an image, restricted to the files the package readers want. Layers are applied in
 * order; a deletion (whiteout, or a path replaced by another type) only removes what lower layers put there.
 */
export class FilesystemView {
  private readonly files = new Map<string, ViewFile>();
  /** How many kept files lie under each directory, so subtree deletions skip the scan when nothing is there. */
  private readonly underDir = new Map<string, number>();

  put(file: ViewFile): void {
    this.delete(file.path);
    this.files.set(file.path, file);
    for (const dir of ancestors(file.path)) this.underDir.set(dir, (this.underDir.get(dir) ?? 0) + 1);
  }

  /** Removes `path` and everything under it that layers below `layerIndex` put there. */
  removeFromLower(path: string, layerIndex: number): void {
    const exact = this.files.get(path);
    if (exact !== undefined && exact.layer.index < layerIndex) this.delete(path);
    this.clearDirFromLower(path, layerIndex);
  }

  /** A directory entry replaces a lower layer's file at that path, but keeps a lower directory's contents. */
  removeFileFromLower(path: string, layerIndex: number): void {
    const exact = this.files.get(path);
    if (exact !== undefined && exact.layer.index < layerIndex) this.delete(path);
  }

  /** Opaque directory: removes what lower layers put under `dir`, keeping `dir` itself and this layer's files. */
  clearDirFromLower(dir: string, layerIndex: number): void {
    if (!this.underDir.has(dir)) return;
    const prefix = `${dir}/`;
    for (const [path, file] of [...this.files]) {
      if (path.startsWith(prefix) && file.layer.index < layerIndex) this.delete(path);
    }
  }

  get(path: string): ViewFile | undefined {
    return this.files.get(path);
  }

  /** All kept files, sorted by path so readers' output does not depend on tar order. */
  list(): ViewFile[] {
    return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private delete(path: string): void {
    if (!this.files.delete(path)) return;
    for (const dir of ancestors(path)) {
      const left = (this.underDir.get(dir) ?? 1) - 1;
      if (left === 0) this.underDir.delete(dir);
      else this.underDir.set(dir, left);
    }
  }
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
