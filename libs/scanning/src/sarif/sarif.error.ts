/** SARIF that cannot be read as SARIF 2.1.0; `issues` name each offending path. */
export class SarifError extends Error {
  override readonly name = 'SarifError';
  readonly code = 'INVALID_SARIF';

  constructor(readonly issues: readonly string[]) {
    super(`invalid SARIF 2.1.0: ${issues.slice(0, 10).join('; ')}${issues.length > 10 ? `; and ${issues.length - 10} more` : ''}`);
  }
}
