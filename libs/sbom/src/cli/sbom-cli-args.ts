import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad usage: exit 2 with the command's usage. */
export class SbomUsageError extends Error {
  override readonly name = 'SbomUsageError';

  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

export function parseSbomArgs<T extends ParseArgsConfig['options']>(args: string[], options: T, usage: string): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new SbomUsageError((error as Error).message, usage);
  }
}
