import { spawn } from 'node:child_process';
import { readFile, writeFile, chmod } from 'node:fs/promises';
import { CredentialBrokerError, exchangeWithBroker, type BrokerExchangeRequest, type LeasedSecret } from '../broker-exchange';
import { type CliIo, type Command } from './cli-io';
import { BrokerRefusedError, CliInputError, UsageError, errorMessage } from './cli.error';
import { parseCommandArgs, required } from './parse-command-args';
import { CREDENTIALS_USAGE } from './usage';

const DEFAULT_BROKER_URL = 'http://127.0.0.1:8081';

async function workloadToken(values: { 'token-file'?: string }, io: CliIo): Promise<string> {
  const file = values['token-file'] ?? io.env.TOLLGATE_WORKLOAD_TOKEN_FILE;
  if (file) {
    const token = (await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new CliInputError(`cannot read the workload token file ${file}: ${err.code ?? errorMessage(err)}`);
    })).trim();
    if (!token) throw new CliInputError(`the workload token file ${file} is empty`);
    return token;
  }
  const token = io.env.TOLLGATE_WORKLOAD_TOKEN?.trim();
  if (!token) throw new UsageError('missing workload token: --token-file, TOLLGATE_WORKLOAD_TOKEN_FILE or TOLLGATE_WORKLOAD_TOKEN', CREDENTIALS_USAGE);
  return token;
}

/** Secret values keyed by environment variable; a wrapped secret contributes its wrapping token. */
function environmentOf(secrets: LeasedSecret[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const secret of secrets) {
    if (secret.data) for (const [field, value] of Object.entries(secret.data)) env[secret.env[field] ?? `${secret.name}_${field}`.toUpperCase()] = value;
    if (secret.wrapped) env[`${secret.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_WRAPPING_TOKEN`] = secret.wrapped.token;
  }
  return env;
}

function envFile(env: Record<string, string>): string {
  // Single-quoted: safe to `source` in a shell and to read as a dotenv file.
  return Object.entries(env).map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'\n`).join('');
}

async function exchange(url: string, token: string, request: BrokerExchangeRequest, fetchImpl: typeof fetch): Promise<LeasedSecret[]> {
  try {
    return await exchangeWithBroker(url, token, request, fetchImpl);
  } catch (err) {
    throw err instanceof CredentialBrokerError ? new BrokerRefusedError(err.message) : err;
  }
}

function runChild(command: string[], env: Record<string, string>, io: CliIo): Promise<number> {
  return new Promise((resolve, reject) => {
    // The workload token is a bearer credential: the child gets the leased secrets, not the token that minted them.
    const { TOLLGATE_WORKLOAD_TOKEN: _token, ...inherited } = io.env;
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...inherited, ...env } });
    child.once('error', (err) => reject(new CliInputError(`cannot run ${command[0]}: ${errorMessage(err)}`)));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** `tollgate credentials exchange`: lease the role's secrets into a file or one child's environment. */
export const credentialsExchange: Command = async (args, io, deps) => {
  const end = args.indexOf('--');
  const command = end === -1 ? [] : args.slice(end + 1);
  const { values } = parseCommandArgs(
    end === -1 ? args : args.slice(0, end),
    {
      options: {
        role: { type: 'string' },
        'run-id': { type: 'string' },
        'token-file': { type: 'string' },
        'broker-url': { type: 'string' },
        ttl: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
      },
    },
    CREDENTIALS_USAGE,
  );
  const role = required(values.role, '--role', CREDENTIALS_USAGE);
  const runId = required(values['run-id'] ?? io.env.TOLLGATE_RUN_ID, '--run-id', CREDENTIALS_USAGE, 'TOLLGATE_RUN_ID');
  if (!values.out === (command.length === 0)) throw new UsageError('give exactly one of --out <file> or -- <command>', CREDENTIALS_USAGE);
  const format = values.format ?? 'env';
  if (format !== 'env' && format !== 'json') throw new UsageError(`--format must be env or json, got ${JSON.stringify(format)}`, CREDENTIALS_USAGE);
  if (values.ttl !== undefined && !/^[1-9]\d{0,6}$/.test(values.ttl)) throw new UsageError(`--ttl must be a positive number of seconds`, CREDENTIALS_USAGE);
  const token = await workloadToken(values, io);
  const url = values['broker-url'] ?? io.env.TOLLGATE_BROKER_URL ?? DEFAULT_BROKER_URL;
  const secrets = await exchange(url, token, { role, pipelineRunId: runId, ...(values.ttl && { ttlSeconds: Number(values.ttl) }) }, deps.fetch ?? fetch);
  for (const s of secrets) io.stderr.write(`tollgate: leased ${s.name} (${s.path}), expires ${s.expiresAt}\n`);
  const env = environmentOf(secrets);
  if (values.out) {
    const content = format === 'json' ? `${JSON.stringify(env, null, 2)}\n` : envFile(env);
    await writeFile(values.out, content, { mode: 0o600 });
    await chmod(values.out, 0o600); // an existing file keeps its old mode on write
    io.stderr.write(`tollgate: wrote ${Object.keys(env).length} variables to ${values.out}\n`);
    return 0;
  }
  return runChild(command, env, io);
};
