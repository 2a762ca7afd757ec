import { CREDENTIALS_ENTITIES, CREDENTIALS_MIGRATIONS, CREDENTIALS_SCHEMA } from '@tollgate/credentials';
import { GATE_ENTITIES, GATE_MIGRATIONS, GATE_SCHEMA } from '@tollgate/gate-service';
import { INGEST_ENTITIES, INGEST_MIGRATIONS, INGEST_SCHEMA } from '@tollgate/ingest';
import { SBOM_SCHEMA, SBOM_SERVICE_ENTITIES, SBOM_SERVICE_MIGRATIONS } from '@tollgate/sbom-service';
import { SCANNER_ENTITIES, SCANNER_MIGRATIONS, SCANNER_SCHEMA } from '@tollgate/scanner-service';
import { SIGNER_ENTITIES, SIGNER_MIGRATIONS, SIGNER_SCHEMA } from '@tollgate/signer-service';

/**
 * Every service of the local stack: its schema and migrations (for `npm run
 * migrate`) and how to start it (for `npm start`). A new app adds one entry.
 */
export interface ServiceEntry {
  name: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  main: string;
  /** Environment variable that selects the app's schema. */
  schemaEnv: string;
  healthUrl: (env: Record<string, string>) => string;
  /** The app's own variables, from the stack's (e.g. its port). */
  env?: (env: Record<string, string>) => Record<string, string>;
}

export const SERVICES: ServiceEntry[] = [
  {
    name: 'ingest-gateway',
    schema: INGEST_SCHEMA,
    entities: INGEST_ENTITIES,
    migrations: INGEST_MIGRATIONS,
    main: 'apps/ingest-gateway/src/main.ts',
    schemaEnv: 'DATABASE_SCHEMA',
    healthUrl: (env) => `http://127.0.0.1:${env.PORT ?? '8080'}/readyz`,
  },
  {
    name: 'credential-broker',
    schema: CREDENTIALS_SCHEMA,
    entities: CREDENTIALS_ENTITIES,
    migrations: CREDENTIALS_MIGRATIONS,
    main: 'apps/credential-broker/src/main.ts',
    schemaEnv: 'DATABASE_SCHEMA',
    healthUrl: (env) => `http://127.0.0.1:${env.BROKER_PORT ?? '8081'}/readyz`,
    env: (env) => ({ PORT: env.BROKER_PORT ?? '8081', DATABASE_SCHEMA: CREDENTIALS_SCHEMA }),
  },
  {
    name: 'sbom-builder',
    schema: SBOM_SCHEMA,
    entities: SBOM_SERVICE_ENTITIES,
    migrations: SBOM_SERVICE_MIGRATIONS,
    main: 'apps/sbom-builder/src/main.ts',
    schemaEnv: 'DATABASE_SCHEMA',
    healthUrl: (env) => `http://127.0.0.1:${env.SBOM_PORT ?? '8082'}/readyz`,
    env: (env) => ({ PORT: env.SBOM_PORT ?? '8082', DATABASE_SCHEMA: SBOM_SCHEMA }),
  },
  {
    name: 'signer',
    schema: SIGNER_SCHEMA,
    entities: SIGNER_ENTITIES,
    migrations: SIGNER_MIGRATIONS,
    main: 'apps/signer/src/main.ts',
    schemaEnv: 'DATABASE_SCHEMA',
    healthUrl: (env) => `http://127.0.0.1:${env.SIGNER_PORT ?? '8083'}/readyz`,
    env: (env) => ({
      PORT: env.SIGNER_PORT ?? '8083',
      DATABASE_SCHEMA: SIGNER_SCHEMA,
      SIGNER_BROKER_URL: `http://127.0.0.1:${env.BROKER_PORT ?? '8081'}`,
      SIGNER_SBOM_BUILDER_URL: `http://127.0.0.1:${env.SBOM_PORT ?? '8082'}`,
    }),
  },
  {
    name: 'scanner-runner',
    schema: SCANNER_SCHEMA,
    entities: SCANNER_ENTITIES,
    migrations: SCANNER_MIGRATIONS,
    main: 'apps/scanner-runner/src/main.ts',
    schemaEnv: 'DATABASE_SCHEMA',
    healthUrl: (env) => `http://127.0.0.1:${env.SCANNER_PORT ?? '8084'}/readyz`,
    env: (env) => ({ PORT: env.SCANNER_PORT ?? '8084', DATABASE_SCHEMA: SCANNER_SCHEMA, SCANNER_SBOM_BUILDER_URL: `http://127.0.0.1:${env.SBOM_PORT ?? '8082'}` }),
  },
  {
    name: 'policy-engine',
    schema: GATE_SCHEMA,
    entities: GATE_ENTITIES,
    migrations: GATE_MIGRATIONS,
    main: 'apps/policy-engine/src/main.ts',
    schemaEnv: 'DATABASE_SCHEMA',
    healthUrl: (env) => `http://127.0.0.1:${env.POLICY_PORT ?? '8085'}/readyz`,
    env: (env) => ({
      PORT: env.POLICY_PORT ?? '8085',
      DATABASE_SCHEMA: GATE_SCHEMA,
      POLICY_SBOM_BUILDER_URL: `http://127.0.0.1:${env.SBOM_PORT ?? '8082'}`,
      POLICY_SIGNER_URL: `http://127.0.0.1:${env.SIGNER_PORT ?? '8083'}`,
      POLICY_SCANNER_URL: `http://127.0.0.1:${env.SCANNER_PORT ?? '8084'}`,
      POLICY_BROKER_URL: `http://127.0.0.1:${env.BROKER_PORT ?? '8081'}`,
    }),
  },
];
