// `tollgate` entry point: wiring only; every command lives in @tollgate/event-client.
import { run } from '@tollgate/event-client';

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // Lazy: touching process.stdin opens it, and only `source hash-password` reads it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tollgate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
