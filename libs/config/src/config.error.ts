export interface ConfigIssue {
  variable: string;
  problem: string;
}

/** Thrown once at boot, listing every bad variable so an operator fixes them in one go. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly issues: ConfigIssue[]) {
    super(`invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
