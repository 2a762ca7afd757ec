import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { SbomInputError } from '../../model/inventory';

export interface PnpmLockYaml {
  value: Record<string, unknown>;
  /** 1-based line of the key at `keyPath` (or of the deepest ancestor found), for error positions. */
  lineOf(...keyPath: string[]): number | undefined;
}

/** Parses the YAML keeping positions; a syntax error names the file, line and column. */
export function parsePnpmLockYaml(text: string, path: string): PnpmLockYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const [error] = doc.errors;
  if (error !== undefined) {
    const at = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    // The message repeats the position and quotes the source after its first line.
    const reason = (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
    throw new SbomInputError(path, `invalid YAML: ${reason}`, { line: at.line, column: at.col });
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SbomInputError(path, 'not a pnpm lockfile: the document is not a mapping');
  }

  const lineOf = (...keyPath: string[]): number | undefined => {
    let node: unknown = doc.contents;
    let line: number | undefined;
    for (const key of keyPath) {
      if (!isMap(node)) break;
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      const start = pair !== undefined && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (pair === undefined || start === undefined) break;
      line = lineCounter.linePos(start).line;
      node = pair.value;
    }
    return line;
  };
  return { value: value as Record<string, unknown>, lineOf };
}
