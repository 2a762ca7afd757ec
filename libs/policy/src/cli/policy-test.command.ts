import { parseArgs } from 'node:util';
import type { CliIo } from '@tollgate/event-client';
import { loadPolicyPack } from '../pack/load-policy-pack';
import { runPackTests, type PackTestResult } from '../pack-tests/run-pack-tests';
import { formatPolicyIssue, PolicyPackError } from '../policy.error';
import { POLICY_TEST_USAGE } from './policy-test-usage';

/** `tollgate policy test <pack> [--json]`: 0 all tests pass, 1 a test fails, 2 malformed pack or bad usage. */
export async function policyTestCommand(args: string[], io: CliIo): Promise<number> {
  let packFile: string;
  let json: boolean;
  try {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (values.help) {
      io.stdout.write(POLICY_TEST_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'missing <pack.yaml>' : `expected one pack, got ${positionals.length}`);
    packFile = positionals[0];
    json = values.json === true;
  } catch (error) {
    io.stderr.write(`tollgate policy test: ${(error as Error).message}\n\n${POLICY_TEST_USAGE}`);
    return 2;
  }

  let results: PackTestResult[];
  let pin: { name: string; version: string; digest: string };
  try {
    const pack = await loadPolicyPack(packFile);
    pin = pack.pin;
    results = await runPackTests(pack);
  } catch (error) {
    if (!(error instanceof PolicyPackError)) throw error;
    if (json) io.stdout.write(`${JSON.stringify({ error: { code: error.code, issues: error.issues } }, null, 2)}\n`);
    for (const issue of error.issues) io.stderr.write(`${formatPolicyIssue(issue)}\n`);
    return 2;
  }

  const failed = results.filter((r) => !r.passed).length;
  // A pack without tests proves nothing about its rules: not a pass.
  const status = failed === 0 && results.length > 0 ? 0 : 1;
  if (json) {
    io.stdout.write(`${JSON.stringify({ policy: pin, passed: results.length - failed, failed, tests: results }, null, 2)}\n`);
    return status;
  }
  for (const result of results) {
    io.stdout.write(`${result.passed ? 'PASS' : 'FAIL'}  ${result.name}${result.passed ? '' : `  (${packFile}:${result.line})`}\n`);
    for (const failure of result.failures) io.stdout.write(`      ${failure}\n`);
  }
  if (results.length === 0) io.stdout.write(`no tests in ${packFile}: add a tests section\n`);
  io.stdout.write(`${results.length} tests, ${results.length - failed} passed, ${failed} failed: ${pin.name} ${pin.version} (${pin.digest.slice(0, 19)}…)\n`);
  return status;
}
