import { GatewayClient, type RetryNotice } from '../gateway-client';
import { type CliDeps, type CliIo, DEFAULT_GATEWAY_URL } from './cli-io';
import { UsageError, errorMessage } from './cli.error';
import { nonNegativeInt } from './parse-command-args';
import { readSecretFile } from './secret-file';

/** Options every gateway command shares; flags win over the environment. */
export const GATEWAY_ARG_OPTIONS = {
  url: { type: 'string' },
  'source-id': { type: 'string' },
  'secret-file': { type: 'string' },
  retries: { type: 'string' },
} as const;

interface GatewayArgs {
  url?: string;
  'source-id'?: string;
  'secret-file'?: string;
  retries?: string;
}

function retryNotice(io: CliIo): (notice: RetryNotice) => void {
  return ({ attempt, maxAttempts, delayMs, reason }) => {
    io.stderr.write(`tollgate: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${maxAttempts})\n`);
  };
}

/**
 * Builds the client from flags and environment. With `requireCredentials`
 * the source id and secret file must be given; otherwise they are optional,
 * but only as a pair.
 */
export async function gatewayClientFrom(
  values: GatewayArgs,
  io: CliIo,
  deps: CliDeps,
  usage: string,
  requireCredentials: boolean,
): Promise<GatewayClient> {
  const url = values.url ?? (io.env.TOLLGATE_URL || DEFAULT_GATEWAY_URL);
  const sourceId = values['source-id'] ?? (io.env.TOLLGATE_SOURCE_ID || undefined);
  const secretFile = values['secret-file'] ?? (io.env.TOLLGATE_HMAC_SECRET_FILE || undefined);
  const retries = nonNegativeInt(values.retries, '--retries', 5, usage);
  if (requireCredentials && !sourceId) throw new UsageError('missing --source-id (or TOLLGATE_SOURCE_ID)', usage);
  if (requireCredentials && !secretFile) throw new UsageError('missing --secret-file (or TOLLGATE_HMAC_SECRET_FILE)', usage);
  // One without the other is a half-configured signature; sending unsigned would hide the mistake.
  if ((sourceId === undefined) !== (secretFile === undefined)) {
    throw new UsageError('--source-id and --secret-file (or TOLLGATE_SOURCE_ID and TOLLGATE_HMAC_SECRET_FILE) go together', usage);
  }
  const signed = sourceId !== undefined && secretFile !== undefined;
  const secret = signed ? await readSecretFile(secretFile) : undefined;
  try {
    return new GatewayClient({
      url,
      sourceId: signed ? sourceId : undefined,
      secret,
      retries,
      fetch: deps.fetch,
      sleep: deps.sleep,
      onRetry: retryNotice(io),
    });
  } catch (err) {
    // Only URL problems reach here; the message names the problem, not the URL (it may hold credentials).
    throw new UsageError(`--url: ${errorMessage(err)}`, usage);
  }
}
