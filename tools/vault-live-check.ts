/**
 * Runs the vault backend contract suite (the same checks the contract server
 * passes) against a live Vault.
 *
 *   VAULT_ADDR=<address> VAULT_TOKEN=<broker token> \
 *   TOLLGATE_VAULT_JWT=<workload JWT> TOLLGATE_VAULT_AUTH_ROLE=<role> TOLLGATE_VAULT_DATABASE_ROLE=<role> \
 *   npm run vault:live-check
 *
 * What the Vault must have:
 * - a JWT (or Kubernetes) auth mount, `jwt` unless TOLLGATE_VAULT_AUTH_MOUNT says otherwise, with a role
 *   (TOLLGATE_VAULT_AUTH_ROLE) that accepts TOLLGATE_VAULT_JWT and whose policy can read
 *   `database/creds/<database role>` (and `aws/creds/<aws role>` when TOLLGATE_VAULT_AWS_ROLE is set);
 * - a database secrets engine at `database` with the role TOLLGATE_VAULT_DATABASE_ROLE;
 * - optionally an AWS secrets engine at `aws` with the role TOLLGATE_VAULT_AWS_ROLE, and/or a role of
 *   credential_type assumed_role (TOLLGATE_VAULT_AWS_STS_ROLE) whose STS credentials the build role may
 *   create (`aws/sts/<role>`, update) for at least 900 s;
 * - a transit engine (`transit`, or TOLLGATE_VAULT_TRANSIT_MOUNT). The check creates keys named
 *   `tollgate-live-check-<run>-*` and deletes them at the end.
 * VAULT_TOKEN needs: transit keys create/read/update/delete and sign/verify, sys/leases/revoke,
 * auth/token/revoke-accessor, sys/wrapping/wrap, auth/token/lookup-self. VAULT_NAMESPACE is passed on.
 * Optional: TOLLGATE_VAULT_KV_PATH (and TOLLGATE_VAULT_KV_FORBIDDEN_PATH) checks KV v2 reads at
 * `<TOLLGATE_VAULT_KV_MOUNT, default secret>/data/<path>`: the check writes a random value there with
 * VAULT_TOKEN (which then needs create/update on it) and reads it back with a build token, whose policy
 * must allow reading the first path and not the second.
 * Optional: TOLLGATE_VAULT_REVOKE_PREFIX=1 also checks revokePrefix; VAULT_TOKEN then needs
 * `sudo` + update on `sys/leases/revoke-prefix/database/creds/<database role>/*`. The check only
 * names a lease it just created (its full lease id), so other leases of the role are untouched.
 *
 * Exits 2 when the environment is incomplete, otherwise with Jest's exit code.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const LIVE_CHECK_FILE = 'libs/credentials/src/backend/vault/vault-backend.live-check.ts';

function settingsFromEnvironment(env: NodeJS.ProcessEnv): { settings?: Record<string, string | boolean | undefined>; problems: string[] } {
  const problems: string[] = [];
  if (!env['VAULT_ADDR'] || !env['VAULT_TOKEN']) {
    problems.push('VAULT_ADDR and VAULT_TOKEN must both be set (the Vault address and the broker token to test with).');
  }
  for (const name of ['TOLLGATE_VAULT_JWT', 'TOLLGATE_VAULT_AUTH_ROLE', 'TOLLGATE_VAULT_DATABASE_ROLE']) {
    if (!env[name]) problems.push(`${name} must be set (see the header of tools/vault-live-check.ts).`);
  }
  if (env['VAULT_ADDR'] && !URL.canParse(env['VAULT_ADDR'])) problems.push('VAULT_ADDR is not a URL.');
  if (problems.length > 0) return { problems };
  return {
    problems,
    settings: {
      endpoint: env['VAULT_ADDR'],
      token: env['VAULT_TOKEN'],
      namespace: env['VAULT_NAMESPACE'] || undefined,
      jwt: env['TOLLGATE_VAULT_JWT'],
      authRole: env['TOLLGATE_VAULT_AUTH_ROLE'],
      authMount: env['TOLLGATE_VAULT_AUTH_MOUNT'] || 'jwt',
      databaseRole: env['TOLLGATE_VAULT_DATABASE_ROLE'],
      awsRole: env['TOLLGATE_VAULT_AWS_ROLE'] || undefined,
      awsStsRole: env['TOLLGATE_VAULT_AWS_STS_ROLE'] || undefined,
      revokePrefix: env['TOLLGATE_VAULT_REVOKE_PREFIX'] === '1',
      transitMount: env['TOLLGATE_VAULT_TRANSIT_MOUNT'] || 'transit',
      kvMount: env['TOLLGATE_VAULT_KV_MOUNT'] || 'secret',
      kvPath: env['TOLLGATE_VAULT_KV_PATH'] || undefined,
      kvForbiddenPath: env['TOLLGATE_VAULT_KV_FORBIDDEN_PATH'] || undefined,
    },
  };
}

function main(): number {
  const { settings, problems } = settingsFromEnvironment(process.env);
  if (!settings) {
    process.stderr.write(`vault-live-check: cannot run.\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  const jest = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest', { paths: [ROOT] }), '--runInBand', '--testMatch', '**/*.live-check.ts', '--', LIVE_CHECK_FILE],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TOLLGATE_VAULT_LIVE_CHECK: JSON.stringify(settings) } },
  );
  return jest.status ?? 1;
}

process.exitCode = main();
