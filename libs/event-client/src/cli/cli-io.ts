export interface CliWritable {
  write(chunk: string): unknown;
}

/** The process's streams and environment, passed in so commands run in-process in tests. */
export interface CliIo {
  stdout: CliWritable;
  stderr: CliWritable;
  stdin: AsyncIterable<string | Buffer> & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/** Seams for tests; production uses the defaults. */
export interface CliDeps {
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
}

export type Command = (args: string[], io: CliIo, deps: CliDeps) => Promise<number>;

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8080';
