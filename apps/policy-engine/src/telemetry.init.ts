import { initTelemetry } from '@tollgate/telemetry';

/**
 * Imported first by main.ts: imports are evaluated in order, so every module
 * loaded after this one creates its tracers and meters on the real providers
 * (an OpenTelemetry meter taken before the provider is set stays a no-op).
 */
export const telemetry = initTelemetry({ serviceName: 'policy-engine' });
