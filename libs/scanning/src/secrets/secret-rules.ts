import { type Severity } from '../findings/finding';

/**
 * What Tollgate adds to secretlint's recommended preset. The preset (read from its
 * 11.7 sources) covers AWS, GCP service-account keys, PEM private keys (RSA/DSA/EC/
 * OPENSSH/PGP with a plain base64 body), npm, GitHub, Slack, SendGrid, Shopify,
 * OpenAI, Anthropic, Linear, 1Password, basic-auth URLs and postgres/mysql/mongodb
 * connection strings. It lacks what build pipelines leak most besides: Vault tokens,
 * GitLab tokens, JWTs, redis/amqp (and driver-qualified SQLAlchemy) URLs with a
 * password, and encrypted or header-carrying private key blocks.
 */
export interface PatternRule {
  /** Becomes the last segment of the finding's rule id. */
  readonly name: string;
  readonly label: string;
  readonly severity: Severity;
  /** secretlint-rule-pattern syntax: `/source/flags` (it always adds `ug`). The whole match is the secret. */
  readonly patterns: readonly string[];
  /** Drops matches that are placeholders or not what the pattern meant. */
  readonly accept?: (secret: string) => boolean;
}

const PLACEHOLDER_PASSWORD = /^(?:\$\{[^}]*\}|\{\{[^}]*\}\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_]+%|<[^>]*>|\*+|x+|\.+|password|passwd|changeme|secret|redacted|example|dummy|placeholder)$/i;

function urlPasswordIsReal(url: string): boolean {
  const password = /^[^:]+:\/\/[^:@/]*:([^@]*)@/.exec(url)?.[1] ?? '';
  return password.length >= 4 && !PLACEHOLDER_PASSWORD.test(password) && !/^(.)\1+$/.test(password);
}

function isJwtHeaderWithAlg(token: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

// A random 24-character base62 token practically always mixes digits and both cases; identifiers rarely do.
const looksRandom = (token: string): boolean => /[0-9]/.test(token) && /[A-Z]/.test(token) && /[a-z]/.test(token);

function privateKeyBodyIsReal(block: string): boolean {
  const body = block
    .replace(/^-----BEGIN[^\n]*-----/, '')
    .replace(/-----END[^\n]*-----$/, '')
    .split(/\r?\n|\\n/)
    .filter((line) => !line.includes(':')) // RFC 1421 / OpenPGP armour headers
    .join('')
    .replace(/\s/g, '');
  return /^[A-Za-z0-9+/=]{64,}$/.test(body);
}

export const PATTERN_RULES: readonly PatternRule[] = [
  {
    name: 'hashicorp-vault-token',
    label: 'HashiCorp Vault token',
    severity: 'critical',
    patterns: [String.raw`/(?<![A-Za-z0-9_.-])hv[sbr]\.[A-Za-z0-9_-]{24,}/`],
  },
  {
    name: 'hashicorp-vault-token-legacy',
    label: 'HashiCorp Vault token (legacy format)',
    severity: 'critical',
    patterns: [String.raw`/(?<=^|[\s"'=:,(\[{])s\.[A-Za-z0-9]{24}(?=$|[\s"',;)\]}])/m`],
    accept: (token) => looksRandom(token.slice(2)),
  },
  {
    name: 'gitlab-token',
    label: 'GitLab token',
    severity: 'high',
    patterns: [
      String.raw`/(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glcbt|glptt|glft|glimt|glagent|gloas|glsoat|glffct)-[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]{2,}){0,2}/`,
      String.raw`/(?<![A-Za-z0-9])GR1348941[A-Za-z0-9_-]{20,}/`,
    ],
  },
  {
    name: 'jwt',
    label: 'JSON Web Token',
    severity: 'high',
    // A JSON header starts `{"`, `{ ` or `{` + newline, which base64url-encode to these prefixes.
    patterns: [String.raw`/(?<![A-Za-z0-9_-])(?:eyJ|eyA|ewo|ew0)[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/`],
    accept: isJwtHeaderWithAlg,
  },
  {
    name: 'connection-string-password',
    label: 'Connection string with a password',
    severity: 'high',
    patterns: [String.raw`/(?<![A-Za-z0-9+.-])(?:rediss?|amqps?|(?:postgres(?:ql)?|mysql|mssql|oracle)\+[a-z0-9]+):\/\/[^\s:@\/'"]{0,100}:[^\s@\/'"]{1,200}@[^\s\/'"?#]{1,200}/i`],
    accept: urlPasswordIsReal,
  },
  {
    name: 'private-key-block',
    label: 'Private key',
    severity: 'critical',
    patterns: [String.raw`/-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]{16,20000}?-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/`],
    accept: privateKeyBodyIsReal,
  },
];

export const PRESET_PRIVATE_KEY_RULE = '@secretlint/secretlint-rule-privatekey';
export const PATTERN_RULE_ID = '@secretlint/secretlint-rule-pattern';

/**
 * Critical: keys that mint or unlock other credentials or control a whole cloud account
 * (private keys, cloud keys, secret-store tokens). High: a credential scoped to one
 * service (a VCS or SaaS token, one database's password, a JWT that expires): it must be
 * rotated, but it does not on its own hand over the infrastructure.
 */
const CRITICAL_PRESET_RULES = new Set([
  '@secretlint/secretlint-rule-aws',
  '@secretlint/secretlint-rule-gcp',
  PRESET_PRIVATE_KEY_RULE,
  // A 1Password service-account token opens a secret store, as a Vault token does.
  '@secretlint/secretlint-rule-1password',
]);

export function presetRuleSeverity(ruleId: string): Severity {
  return CRITICAL_PRESET_RULES.has(ruleId) ? 'critical' : 'high';
}

/** Our own wording per secretlint message id: secretlint's messages embed the secret. */
export const PRESET_LABELS: Readonly<Record<string, string>> = {
  AWSSecretAccessKey: 'AWS secret access key',
  AWSAccessKeyID: 'AWS access key ID',
  PrivateKeyP12: 'GCP service account private key (p12)',
  PrivateKeyJSON: 'GCP service account private key (JSON)',
  PackageJSON_xOauthToken: 'GitHub OAuth token in a package URL',
  Npmrc_authToken: 'npm auth token in .npmrc',
  NPM_ACCESS_TOKEN: 'npm access token',
  SLACK_TOKEN: 'Slack token',
  IncomingWebhook: 'Slack incoming webhook URL',
  BasicAuth: 'Password in a URL (basic auth)',
  OPENAI_TOKEN: 'OpenAI API key',
  ANTHROPIC_API_KEY: 'Anthropic API key',
  LINEAR_API_TOKEN: 'Linear API key',
  PrivateKey: 'Private key',
  SENDGRID_KEY: 'SendGrid API key',
  SHOPIFY_KEY: 'Shopify API key',
  GITHUB_TOKEN: 'GitHub token',
  OPS_TOKEN: '1Password service account token',
  MongoDBConnection: 'MongoDB connection string with a password',
  MySQLConnection: 'MySQL connection string with a password',
  PostgreSQLConnection: 'PostgreSQL connection string with a password',
};

/** secretlint message ids that are not secrets (an AWS account id identifies, it does not authenticate). */
export const NOT_SECRET_MESSAGE_IDS = ['AWSAccountID'];

export const SECRET_FIX =
  'Revoke and rotate this credential now, remove it from the file and from the git history, and load it from the credential broker at build time instead.';
