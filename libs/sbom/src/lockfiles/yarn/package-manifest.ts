import { parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { SbomInputError } from '../../model/inventory';
import type { ComponentScope } from '../../model/inventory';
import { isRecord } from './yarn-lock-text';

/** A direct dependency the project's package.json declares, with the scope its section gives it. */
export interface DeclaredDependency {
  name: string;
  range: string;
  kind: ComponentScope;
}

export interface PackageManifest {
  dependencies: DeclaredDependency[];
  /** Whether it declares workspaces (classic yarn does not lock workspace packages). */
  hasWorkspaces: boolean;
}

const SECTIONS: ReadonlyArray<[string, ComponentScope]> = [
  ['dependencies', 'required'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

/** Reads the direct dependencies of a package.json; `path` names it in errors. */
export function parsePackageManifest(text: string, path: string): PackageManifest {
  // jsonc-parser in strict mode, because JSON.parse's messages often carry no position.
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const [first] = errors;
  if (first !== undefined) throw new SbomInputError(path, `invalid JSON: ${printParseErrorCode(first.error)}`, lineAndColumn(text, first.offset));
  if (!isRecord(parsed)) throw new SbomInputError(path, 'package.json is not a JSON object');
  const dependencies: DeclaredDependency[] = [];
  for (const [section, kind] of SECTIONS) {
    const declared = parsed[section];
    if (declared === undefined) continue;
    if (!isRecord(declared)) throw new SbomInputError(path, `"${section}" is not an object`);
    for (const [name, range] of Object.entries(declared)) {
      if (typeof range !== 'string') throw new SbomInputError(path, `"${section}.${name}" is not a string`);
      dependencies.push({ name, range, kind });
    }
  }
  return { dependencies, hasWorkspaces: parsed['workspaces'] !== undefined };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
