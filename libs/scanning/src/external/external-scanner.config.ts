import { z } from 'zod';
import { toValidationIssues } from '@tollgate/events';
import { ExternalScannerError } from './external-scanner.error';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Set by the runner itself; a config may not point them elsewhere.
const RUNNER_OWNED_ENV = new Set(['HOME', 'TMPDIR']);

export const externalScannerConfigSchema = z.object({
  /** Becomes the findings' scanner name. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a name of letters, digits, dot, dash, underscore'),
  /** Program and arguments, run without a shell. `{out}` in an argument is the run's output directory. */
  command: z.array(z.string().min(1)).min(1),
  /** Where the scanner writes SARIF: its stdout, or a file relative to `{out}`. */
  sarifOutput: z.union([
    z.literal('stdout'),
    z.object({
      file: z.string().refine((f) => f.length > 0 && !f.startsWith('/') && !f.split('/').includes('..'), 'a relative path inside {out}, without ".."'),
    }),
  ]),
  /** The only variables passed beyond PATH, HOME (a fresh directory), LANG and TMPDIR. */
  env: z
    .record(z.string().regex(ENV_NAME, 'an environment variable name'), z.string())
    .refine((env) => !Object.keys(env).some((k) => RUNNER_OWNED_ENV.has(k)), 'no HOME or TMPDIR (the runner sets them)')
    .optional(),
  /** Overrides the caller's timeout for this scanner. */
  timeoutMs: z.number().int().positive().optional(),
  /** Exit codes that mean "ran" (many scanners exit 1 when they found something). Default [0, 1]. */
  findingsExitCodes: z.array(z.number().int().min(0).max(255)).min(1).optional(),
  /** The kind of every finding, when the SARIF's tags do not say. */
  kind: z.enum(['iac', 'secret', 'vulnerability', 'code', 'other']).optional(),
});

export type ExternalScannerConfig = z.input<typeof externalScannerConfigSchema>;
export type ParsedExternalScannerConfig = z.output<typeof externalScannerConfigSchema>;

export function parseExternalScannerConfig(config: unknown): ParsedExternalScannerConfig {
  const result = externalScannerConfigSchema.safeParse(config, { reportInput: true });
  if (result.success) return result.data;
  const name = typeof (config as { name?: unknown } | null)?.name === 'string' ? (config as { name: string }).name : '(unnamed)';
  // Only paths and expectations: the received values may be credentials.
  const issues = toValidationIssues(result.error.issues).map((i) => `${i.path}: expected ${i.expected}`);
  throw new ExternalScannerError('INVALID_CONFIG', name, `scanner config "${name}" is invalid: ${issues.join('; ')}`);
}
