import type { Inventory } from '../model/inventory';
import { readCargoLock } from '../lockfiles/cargo/cargo-lock.reader';
import { readComposerLock } from '../lockfiles/composer/composer-lock.reader';
import { readGoModules } from '../lockfiles/go/go-modules.reader';
import { readGradleLockfile } from '../lockfiles/gradle/gradle-lockfile.reader';
import { readNpmLock } from '../lockfiles/npm/npm-lock.reader';
import { readPnpmLock } from '../lockfiles/pnpm/pnpm-lock.reader';
import { readPoetryLock } from '../lockfiles/python/poetry-lock.reader';
import { readRequirementsTxt } from '../lockfiles/python/requirements-txt.reader';
import { readUvLock } from '../lockfiles/python/uv-lock.reader';
import { readYarnLock, readYarnProject } from '../lockfiles/yarn/yarn-lock.reader';

/** Reads one lockfile given its text and, where the format needs it, a sibling file's text (e.g. go.sum beside go.mod). */
export interface LockfileKind {
  /** File name the lockfile has in a source tree. */
  fileName: string;
  /** A sibling read alongside, if present (go.sum for go.mod, package.json for yarn.lock). */
  sibling?: string;
  read(text: string, path: string, siblingText: string | undefined, siblingPath: string | undefined): Inventory;
}

/** Every lockfile format the source-tree builder recognises, by file name. */
export const LOCKFILE_KINDS: LockfileKind[] = [
  { fileName: 'package-lock.json', read: (text, path) => readNpmLock(text, path) },
  { fileName: 'npm-shrinkwrap.json', read: (text, path) => readNpmLock(text, path) },
  // The manifest says which packages are dev-only; a yarn.lock alone does not.
  { fileName: 'yarn.lock', sibling: 'package.json', read: (text, path, manifest) => (manifest === undefined ? readYarnLock(text, path) : readYarnProject(text, path, manifest)) },
  { fileName: 'pnpm-lock.yaml', read: (text, path) => readPnpmLock(text, path) },
  // go.mod lists the build's modules; go.sum adds their hashes.
  { fileName: 'go.mod', sibling: 'go.sum', read: (text, path, sum, sumPath) => readGoModules(text, path, sum, sumPath) },
  { fileName: 'poetry.lock', read: (text, path) => readPoetryLock(text, path) },
  { fileName: 'uv.lock', read: (text, path) => readUvLock(text, path) },
  { fileName: 'requirements.txt', read: (text, path) => readRequirementsTxt(text, path) },
  { fileName: 'Cargo.lock', read: (text, path) => readCargoLock(text, path) },
  { fileName: 'composer.lock', read: (text, path) => readComposerLock(text, path) },
  { fileName: 'gradle.lockfile', read: (text, path) => readGradleLockfile(text, path) },
];
