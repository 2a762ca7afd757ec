import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError, errorMessage } from './cli.error';

type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Strict parseArgs that reports problems as UsageError. A repeated option is
 * an error (parseArgs would silently keep the last), and a `--secret` flag is
 * refused without echoing its value: secrets come from files, never argv,
 * where `ps` and shell history would keep them.
 */
export function parseCommandArgs<const T extends Omit<ParseArgsConfig, 'args' | 'strict' | 'tokens'>>(
  args: string[],
  config: T,
  usage: string,
): Parsed<T & { args: string[]; strict: true; tokens: true }> {
  if (args.some((a) => /^--(hmac-)?secret(=|$)/.test(a))) {
    throw new UsageError('secrets are not accepted on the command line; use --secret-file', usage);
  }
  let parsed: Parsed<T & { args: string[]; strict: true; tokens: true }>;
  try {
    parsed = parseArgs({ ...config, args, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError(errorMessage(err), usage);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new UsageError(`option --${token.name} given more than once`, usage);
    seen.add(token.name);
  }
  return parsed;
}

/** A required option, from the flag or else the environment variable. */
export function required(value: string | undefined, flag: string, usage: string, envName?: string): string {
  if (value !== undefined && value !== '') return value;
  throw new UsageError(`missing ${flag}${envName ? ` (or ${envName})` : ''}`, usage);
}

export function nonNegativeInt(value: string | undefined, flag: string, fallback: number, usage: string): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,3}$/.test(value) || Number(value) > 100) throw new UsageError(`${flag} must be an integer from 0 to 100, got ${JSON.stringify(value)}`, usage);
  return Number(value);
}
