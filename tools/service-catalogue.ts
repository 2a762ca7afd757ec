import { INGEST_ENTITIES, INGEST_MIGRATIONS, INGEST_SCHEMA } from '@tollgate/ingest';

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
];
