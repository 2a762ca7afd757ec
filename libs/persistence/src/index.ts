export {
  createDataSource,
  ensureSchema,
  dropSchema,
  ensureDatabase,
  migrate,
  assertSchemaName,
  type DataSourceOptions,
} from './data-source.factory';
