// `tollgate` entry point: wiring only; the commands live in @tollgate/event-client, @tollgate/sbom, @tollgate/scanning, @tollgate/attestation and @tollgate/policy.
import { run } from '@tollgate/event-client';
import { SBOM_COMMANDS } from './sbom-commands';
import { POLICY_COMMANDS } from './policy-commands';
import { SCAN_COMMAND } from './scan-commands';
import { VERIFY_COMMAND } from './verify-commands';

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // Lazy: touching process.stdin opens it, and only `source hash-password` reads it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
}, {}, { sbom: SBOM_COMMANDS, scan: SCAN_COMMAND, verify: VERIFY_COMMAND, policy: POLICY_COMMANDS }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tollgate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
