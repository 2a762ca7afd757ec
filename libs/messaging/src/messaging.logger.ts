import type { MessagingLogger } from './messaging.types';

/** Used when the app passes no logger: problems still reach stderr, never vanish. */
export const stderrLogger: MessagingLogger = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(JSON.stringify({ level: 'warn', msg, ...obj })),
  error: (obj, msg) => console.error(JSON.stringify({ level: 'error', msg, ...obj })),
};

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  // Nest's RPC exception filter rethrows `{ status: 'error', message }`.
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
