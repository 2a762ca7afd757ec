export { ConfigError, type ConfigIssue } from './config.error';
export { loadConfig, describeConfig, envVar, sensitive, maskUrlPassword, type EnvShape, type ConfigOf } from './env-config';
