import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIo } from '@tollgate/event-client';
import { SHA256_DIGEST_PATTERN } from '../statement/attestation-formats';
import { AttestationVerifier, type VerificationResult } from '../verify/attestation-verifier';
import { loadTrustPolicyFile, TrustPolicyError } from '../verify/load-trust-policy';
import { VERIFY_USAGE } from './verify-usage';

class VerifyUsageError extends Error {}

function parse(args: string[]): { digest: string; bundles: string[]; policy: string; predicateType?: string; json: boolean; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        bundle: { type: 'string', multiple: true },
        policy: { type: 'string' },
        'predicate-type': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new VerifyUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { digest: '', bundles: [], policy: '', json: false, help: true };
  if (positionals.length !== 1) throw new VerifyUsageError(positionals.length === 0 ? 'missing <digest>' : `expected one <digest>, got ${positionals.length} arguments`);
  if (!SHA256_DIGEST_PATTERN.test(positionals[0])) throw new VerifyUsageError(`<digest> must be sha256:<64 hex>, got ${JSON.stringify(positionals[0].slice(0, 80))}`);
  if (!values.bundle?.length) throw new VerifyUsageError('missing --bundle <file>');
  if (!values.policy) throw new VerifyUsageError('missing --policy <file>');
  return { digest: positionals[0], bundles: values.bundle, policy: values.policy, predicateType: values['predicate-type'], json: values.json ?? false, help: false };
}

async function readBundleFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new VerifyUsageError(`cannot read bundle ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** `tollgate verify`: offline, nothing but the policy and the bundle files. Each bundle must verify. */
export async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  let options;
  let verifier;
  const bundles: { path: string; text: string }[] = [];
  try {
    options = parse(args);
    if (options.help) {
      io.stdout.write(VERIFY_USAGE);
      return 0;
    }
    verifier = new AttestationVerifier(await loadTrustPolicyFile(options.policy));
    for (const path of options.bundles) bundles.push({ path, text: await readBundleFile(path) });
  } catch (error) {
    if (error instanceof VerifyUsageError) {
      io.stderr.write(`tollgate: ${error.message}\n\n${VERIFY_USAGE}`);
      return 2;
    }
    if (error instanceof TrustPolicyError) {
      io.stderr.write(`tollgate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const results: (VerificationResult & { bundle: string })[] = [];
  for (const { path, text } of bundles) {
    const result = verifier.check({ bundle: text, digest: options.digest, predicateType: options.predicateType });
    results.push({ bundle: path, ...result });
    if (!options.json) {
      if (result.verified) io.stdout.write(`verified: ${result.attestation.summary}\n`);
      else io.stderr.write(`tollgate: ${path}: ${result.code}: ${result.message}\n`);
    }
  }
  const ok = results.every((r) => r.verified);
  if (options.json) io.stdout.write(`${JSON.stringify({ verified: ok, digest: options.digest, results: results.map(toJson) }, null, 2)}\n`);
  return ok ? 0 : 1;
}

function toJson(result: VerificationResult & { bundle: string }): object {
  if (!result.verified) return { bundle: result.bundle, verified: false, code: result.code, message: result.message };
  const { predicateType, keyHint, summary, provenance, vsa, sbom } = result.attestation;
  return { bundle: result.bundle, verified: true, predicateType, keyHint, summary, ...(provenance && { provenance }), ...(vsa && { vsa }), ...(sbom && { sbom }) };
}
