import type { Inventory } from '../model/inventory';

/** Reads one lockfile given its text and, where the format needs it, a sibling file's text (e.g. go.sum beside go.mod). */
export interface LockfileKind {
  /** File name the lockfile has in a source tree. */
  fileName: string;
  /** A sibling read alongside, if present (go.sum for go.mod, package.json for yarn.lock). */
  sibling?: string;
  /** Loaded on first use, so a build reads in only the parsers its tree needs. */
  read(text: string, path: string, siblingText: string | undefined, siblingPath: string | undefined): Promise<Inventory>;
}

/** Every lockfile format the source-tree builder recognises, by file name. */
export const LOCKFILE_KINDS: LockfileKind[] = [
  { fileName: 'package-lock.json', read: async (text, path) => (await import('../lockfiles/npm/npm-lock.reader')).readNpmLock(text, path) },
  { fileName: 'npm-shrinkwrap.json', read: async (text, path) => (await import('../lockfiles/npm/npm-lock.reader')).readNpmLock(text, path) },
  // The manifest says which packages are dev-only; a yarn.lock alone does not.
  {
    fileName: 'yarn.lock',
    sibling: 'package.json',
    read: async (text, path, manifest) => {
      const yarn = await import('../lockfiles/yarn/yarn-lock.reader');
      return manifest === undefined ? yarn.readYarnLock(text, path) : yarn.readYarnProject(text, path, manifest);
    },
  },
  { fileName: 'pnpm-lock.yaml', read: async (text, path) => (await import('../lockfiles/pnpm/pnpm-lock.reader')).readPnpmLock(text, path) },
  // go.mod lists the build's modules; go.sum adds their hashes.
  { fileName: 'go.mod', sibling: 'go.sum', read: async (text, path, sum, sumPath) => (await import('../lockfiles/go/go-modules.reader')).readGoModules(text, path, sum, sumPath) },
  { fileName: 'poetry.lock', read: async (text, path) => (await import('../lockfiles/python/poetry-lock.reader')).readPoetryLock(text, path) },
  { fileName: 'uv.lock', read: async (text, path) => (await import('../lockfiles/python/uv-lock.reader')).readUvLock(text, path) },
  { fileName: 'requirements.txt', read: async (text, path) => (await import('../lockfiles/python/requirements-txt.reader')).readRequirementsTxt(text, path) },
  { fileName: 'Cargo.lock', read: async (text, path) => (await import('../lockfiles/cargo/cargo-lock.reader')).readCargoLock(text, path) },
  { fileName: 'composer.lock', read: async (text, path) => (await import('../lockfiles/composer/composer-lock.reader')).readComposerLock(text, path) },
  { fileName: 'gradle.lockfile', read: async (text, path) => (await import('../lockfiles/gradle/gradle-lockfile.reader')).readGradleLockfile(text, path) },
];
