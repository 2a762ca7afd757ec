// Public API: serving an app's Nest module over Fastify with its runtime, and the
// health endpoints every consuming app answers.
export { serveRuntime, type RunningService, type ServedRuntime } from './serve-runtime';
export { healthControllerFor, type HealthSource } from './health.controller';
export { parseRequest, RequestInvalidError } from './parse-request';
