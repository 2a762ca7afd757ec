import { parseArgs } from 'node:util';
import { text } from 'node:stream/consumers';
import { StaticSecretStore } from '@tollgate/credentials';
import { z } from 'zod';
import { BROKER_OPERATOR_ENV_HELP, withBrokerStore } from './broker-operator';

const USAGE = `Usage: npm run broker-secret -- <command> [path] [options]

Operator commands for the embedded backend's static (kv) secrets, such as a git host's
read token for the scanner (with Vault, write to its KV v2 engine instead):
  put <path> --env <field>=<VAR> ...   store a new version; each field's value is read from
                                       the environment variable VAR (never from the command line)
  put <path>                           the same, fields as a JSON object of strings on stdin
  delete <path>                        remove the secret (roles that list it are then denied)
  list                                 paths, versions and field names, never values

${BROKER_OPERATOR_ENV_HELP}
`;

class UsageError extends Error {}

/** Field values from named environment variables, so a value is never in argv or shell history. */
function fieldsFromEnv(pairs: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z_][A-Za-z0-9_]*)$/.exec(pair);
    if (!match) throw new UsageError(`--env takes <field>=<VARIABLE>, got ${JSON.stringify(pair.slice(0, 80))}`);
    const value = process.env[match[2]];
    if (!value) throw new UsageError(`environment variable ${match[2]} (for field ${match[1]}) is not set or empty`);
    fields[match[1]] = value;
  }
  return fields;
}

async function fieldsFromStdin(): Promise<Record<string, string>> {
  if (process.stdin.isTTY) throw new UsageError('give --env <field>=<VAR>, or pipe a JSON object of fields on stdin');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await text(process.stdin));
  } catch {
    throw new UsageError('stdin is not JSON: expected an object of field names to string values');
  }
  const result = z.record(z.string(), z.string()).safeParse(parsed);
  if (!result.success) throw new UsageError('stdin must be a JSON object of field names to string values');
  return result.data;
}

/** `npm run broker-secret`: what an operator does to give the broker a static secret to hand out. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { env: { type: 'string', multiple: true }, help: { type: 'boolean' } } });
  const [command, path] = positionals;
  const known = command === 'list' || ((command === 'put' || command === 'delete') && path !== undefined);
  if (values.help || !known) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  const fields = command === 'put' ? (values.env?.length ? fieldsFromEnv(values.env) : await fieldsFromStdin()) : undefined;
  return withBrokerStore(async (dataSource, kek) => {
    await dataSource.runMigrations({ transaction: 'each' });
    const store = new StaticSecretStore(dataSource, kek);
    if (command === 'put') console.log(`[tollgate] ${path}: stored version ${await store.put(path!, fields!)} (fields ${Object.keys(fields!).sort().join(', ')})`);
    if (command === 'delete') console.log(`[tollgate] ${path}: ${(await store.delete(path!)) ? 'deleted' : 'was not stored'}`);
    if (command === 'list') for (const s of await store.list()) console.log(`${s.path}\tv${s.version}\t${s.fields.join(',')}\t${s.updatedAt.toISOString()}`);
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[tollgate] broker-secret failed: ${error.message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
