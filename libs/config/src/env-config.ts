import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config.error';

type Env = Record<string, string | undefined>;

/** Marks a variable as secret: its value is masked by `describeConfig` and never echoed in errors. */
const SENSITIVE = new WeakSet<z.ZodType>();

export function sensitive<T extends z.ZodType>(schema: T): T {
  SENSITIVE.add(schema);
  return schema;
}

export const envVar = {
  url: (protocols: string[], fallback?: string) => {
    const base = z.string().refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      { message: `expected a URL with scheme ${protocols.join(' or ')}` },
    );
    return fallback === undefined ? base : base.default(fallback);
  },
  port: (fallback: number) =>
    z.coerce
      .number({ message: 'expected a TCP port number' })
      .int('expected an integer port')
      .min(0, 'expected a port between 0 and 65535')
      .max(65535, 'expected a port between 0 and 65535')
      .default(fallback),
  positiveInt: (fallback: number) =>
    z.coerce.number({ message: 'expected a number' }).int('expected an integer').positive('expected a positive integer').default(fallback),
  string: (fallback?: string) => (fallback === undefined ? z.string().min(1, 'must not be empty') : z.string().min(1).default(fallback)),
  optionalPath: () => z.string().min(1, 'must not be empty').optional(),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  identifier: (fallback: string) =>
    z.string().regex(/^[a-z_][a-z0-9_]*$/, 'expected a lowercase SQL identifier ([a-z_][a-z0-9_]*)').default(fallback),
};

export type EnvShape = Record<string, z.ZodType>;
export type ConfigOf<S extends EnvShape> = { [K in keyof S]: z.output<S[K]> };

/**
 * Reads and validates every variable of `shape` from the environment. Nothing
 * else in an app reads `process.env`; the error names each bad variable and
 * what is wrong, never the (possibly secret) value.
 */
export function loadConfig<S extends EnvShape>(shape: S, env: Env = process.env): ConfigOf<S> {
  const issues: ConfigIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const raw = env[name] === '' ? undefined : env[name];
    const result = schema.safeParse(raw);
    if (result.success) {
      out[name] = result.data;
    } else {
      const problem = raw === undefined ? 'is required but not set' : result.error.issues.map((i) => i.message).join('; ');
      issues.push({ variable: name, problem });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return out as ConfigOf<S>;
}

/** A loggable view of a config: sensitive values and URL passwords masked. */
export function describeConfig<S extends EnvShape>(shape: S, config: ConfigOf<S>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const value = (config as Record<string, unknown>)[name];
    if (SENSITIVE.has(schema)) view[name] = value === undefined ? undefined : '***';
    else if (typeof value === 'string') view[name] = maskUrlPassword(value);
    else view[name] = value;
  }
  return view;
}

export function maskUrlPassword(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}
