import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

type Ranged = Node & { range?: [number, number, number] | null };

/**
 * Turns a field path (from a schema issue) or a position inside a scalar's value (from a
 * CEL error) into the line and column of the YAML source, so errors point where to edit.
 */
export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly source: string,
  ) {}

  /**
   * The value at `path`, or with `key` its key. A path that does not exist (a missing
   * field) points at the nearest ancestor that does.
   */
  position(path: readonly PropertyKey[], options: { key?: boolean } = {}): SourcePosition {
    let node: unknown = this.doc.contents;
    let at: Ranged | undefined = node as Ranged | undefined;
    for (const [index, segment] of path.entries()) {
      const last = index === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
        if (!pair) break;
        if (last && options.key && pair.key) return this.#start(pair.key as Ranged) ?? this.#fallback();
        node = pair.value;
        at = (pair.value ?? pair.key) as Ranged;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        at = node as Ranged;
      } else break;
    }
    return (at && this.#start(at)) ?? this.#fallback();
  }

  /**
   * The position of character `offset` of the scalar value at `path`. The value's line is
   * found in the scalar's source text, which works for plain, quoted and block scalars
   * alike; where escapes or folding make it unfindable, the scalar's start is used.
   */
  positionInValue(path: readonly PropertyKey[], value: string, offset: number): SourcePosition {
    const node = this.doc.getIn(path, true) as Ranged | undefined;
    const range = node?.range;
    if (!node || !range) return this.position(path);
    const before = value.slice(0, offset).split('\n');
    const valueLine = before.length - 1;
    const column = before[valueLine].length;
    const valueLines = value.split('\n');
    const text = this.source.slice(range[0], range[1]);
    let cursor = 0;
    for (let i = 0; i <= valueLine; i++) {
      const wanted = valueLines[i];
      const found = wanted.trim() === '' ? -1 : text.indexOf(wanted, cursor);
      if (found < 0) {
        if (i === valueLine) return this.position(path);
        continue;
      }
      if (i === valueLine) return this.#at(range[0] + found + column);
      cursor = found + wanted.length;
    }
    return this.position(path);
  }

  #start(node: Ranged): SourcePosition | undefined {
    return node.range ? this.#at(node.range[0]) : undefined;
  }

  #at(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  #fallback(): SourcePosition {
    return { line: 1, column: 1 };
  }
}
