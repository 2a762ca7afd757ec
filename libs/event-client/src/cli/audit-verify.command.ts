import { readFile } from 'node:fs/promises';
import { verifyAuditChain, verifyAuditCheckpoints } from '@tollgate/audit';
import { assertSchemaName, createDataSource } from '@tollgate/persistence';
import { type Command } from './cli-io';
import { UsageError, errorMessage } from './cli.error';
import { parseCommandArgs, required } from './parse-command-args';
import { AUDIT_USAGE } from './usage';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tollgate';

/**
 * `tollgate audit verify --schema <name>`: walk one schema's hash-chained
 * audit log and say whether it is intact. Exit 0 intact; 1 broken, or the
 * log could not be read. Messages never include the URL (it may hold a password).
 */
export const auditVerify: Command = async (args, io) => {
  const { values } = parseCommandArgs(args, { options: { 'database-url': { type: 'string' }, schema: { type: 'string' }, keys: { type: 'string' } } }, AUDIT_USAGE);
  const keys = values.keys === undefined ? undefined : await readKeys(values.keys);
  const schema = required(values.schema, '--schema', AUDIT_USAGE);
  try {
    assertSchemaName(schema);
  } catch (err) {
    throw new UsageError(`--schema: ${errorMessage(err)}`, AUDIT_USAGE);
  }
  const url = values['database-url'] ?? (io.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const fail = (message: string): number => {
    io.stderr.write(`tollgate: ${message}\n`);
    return 1;
  };

  const dataSource = createDataSource({ url, schema, entities: [], migrations: [], poolSize: 1 });
  try {
    await dataSource.initialize();
  } catch (err) {
    return fail(`cannot connect to the database: ${errorMessage(err)}`);
  }
  try {
    // search_path holds only the schema, so this finds its table or nothing.
    const [found] = (await dataSource.query(`SELECT to_regclass('audit_entry') IS NOT NULL AS present`)) as { present: boolean }[];
    if (!found.present) return fail(`schema "${schema}" has no audit log (no audit_entry table); is the schema name right and migrated?`);
    const result = await verifyAuditChain(dataSource);
    if (result.ok) {
      io.stdout.write(`audit chain intact: ${result.entries} entries, head ${result.headHash}\n`);
      // Awaited here: the finally below closes the connection.
      return await reportCheckpoints(dataSource, schema, keys, io);
    }
    io.stdout.write(`audit chain broken at entry ${result.brokenAt}: ${result.reason}\n  expected ${result.expected}\n  found    ${result.found}\n`);
    return 1;
  } catch (err) {
    return fail(`cannot read the audit log: ${errorMessage(err)}`);
  } finally {
    await dataSource.destroy();
  }
};

/** The signer's (or any JWKS-like) key document: kid and PEM of each version. */
async function readKeys(file: string): Promise<Map<string, string>> {
  let parsed: { keys?: { kid?: unknown; pem?: unknown }[] };
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as typeof parsed;
  } catch (err) {
    throw new UsageError(`--keys ${file}: ${errorMessage(err)}`, AUDIT_USAGE);
  }
  const entries = (parsed.keys ?? []).filter((k): k is { kid: string; pem: string } => typeof k.kid === 'string' && typeof k.pem === 'string');
  if (entries.length === 0) throw new UsageError(`--keys ${file}: no keys with "kid" and "pem"`, AUDIT_USAGE);
  return new Map(entries.map((k) => [k.kid, k.pem]));
}

async function reportCheckpoints(dataSource: Parameters<typeof verifyAuditCheckpoints>[0], schema: string, keys: Map<string, string> | undefined, io: Parameters<Command>[1]): Promise<number> {
  const [present] = (await dataSource.query(`SELECT to_regclass('audit_checkpoint') IS NOT NULL AS present`)) as { present: boolean }[];
  if (!present.present) return 0;
  const [{ n }] = (await dataSource.query('SELECT count(*)::int AS n FROM audit_checkpoint')) as { n: number }[];
  if (keys === undefined) {
    if (n > 0) io.stdout.write(`${n} signed checkpoint(s) not checked: give --keys\n`);
    return 0;
  }
  const checked = await verifyAuditCheckpoints(dataSource, schema, keys);
  if (checked.ok) {
    io.stdout.write(`checkpoints verified: ${checked.checkpoints} signed head(s)\n`);
    return 0;
  }
  io.stdout.write(`checkpoint at entry ${checked.seq} fails: ${checked.reason}: ${checked.detail}\n`);
  return 1;
}
