import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { toValidationIssues } from '@tollgate/events';
import { CredentialBrokerError, exchangeWithBroker } from '@tollgate/event-client';
import type { GitHttpCredential } from './git-environment';

/** Why no credential was had: `input` (the request cannot be served so, e.g. plain http), `refused` (the broker said no), `unavailable` (try later). */
export type GitCredentialFailure = 'input' | 'refused' | 'unavailable';

/** No credential for a repository a rule names. Messages quote the broker's reason, never a secret. */
export class GitCredentialError extends Error {
  override readonly name = 'GitCredentialError';

  constructor(
    readonly failure: GitCredentialFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Which repositories need which of the scanner role's broker secrets. */
const rulesSchema = z
  .object({
    credentials: z
      .array(
        z
          .object({
            /** A repository URL; `*` matches any run of characters (`https://git.example.internal/pumps/*`). */
            repository: z.string().regex(/^https?:\/\//, 'an http(s) repository URL or pattern'),
            /** The secret's name in the scanner's broker role (engine kv; fields username + password, or token). */
            secret: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a secret name of the broker role'),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type GitCredentialRule = z.output<typeof rulesSchema>['credentials'][number];

/** Says which credential, if any, a repository is read with. */
export interface GitCredentialSource {
  /** Undefined: no rule names the repository, so it is read anonymously. */
  credentialFor(repository: string, pipelineRunId: string): Promise<GitHttpCredential | undefined>;
}

export function parseGitCredentialRules(text: string, origin = 'git credentials file'): GitCredentialRule[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`${origin}: not valid YAML: ${(error as Error).message}`);
  }
  const result = rulesSchema.safeParse(document, { reportInput: true });
  if (!result.success) throw new Error(`${origin} is invalid:\n${toValidationIssues(result.error.issues).map((i) => `  ${i.message}`).join('\n')}`);
  return result.data.credentials;
}

export function loadGitCredentialRules(path: string): GitCredentialRule[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read git credentials file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseGitCredentialRules(text, path);
}

function globMatches(pattern: string, value: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`).test(value);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface BrokerGitCredentialsOptions {
  rules: readonly GitCredentialRule[];
  brokerUrl: string;
  /** The scanner's broker role, whose secrets the rules name. */
  role: string;
  /** The scanner's workload token (JWT), read per exchange so a rotated token is picked up. */
  workloadToken: () => Promise<string>;
  fetch?: typeof fetch;
}

/**
 * Git read credentials leased from the credential broker for the run being scanned:
 * the first rule whose pattern matches names the secret, and only that secret is asked for.
 * A credential is never sent over plain HTTP except to this machine.
 */
export class BrokerGitCredentials implements GitCredentialSource {
  constructor(private readonly options: BrokerGitCredentialsOptions) {}

  async credentialFor(repository: string, pipelineRunId: string): Promise<GitHttpCredential | undefined> {
    const rule = this.options.rules.find((r) => globMatches(r.repository, repository));
    if (!rule) return undefined;
    const url = new URL(repository);
    if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
      throw new GitCredentialError('input', `refusing to send the ${rule.secret} credential over plain http to ${url.host}; use https`);
    }
    let secrets;
    try {
      secrets = await exchangeWithBroker(this.options.brokerUrl, await this.options.workloadToken(), { role: this.options.role, pipelineRunId, secrets: [rule.secret] }, this.options.fetch);
    } catch (error) {
      if (!(error instanceof CredentialBrokerError)) throw error;
      const message = `credential broker did not give the ${rule.secret} read credential for ${url.origin}: ${error.message}`;
      throw new GitCredentialError(error.retryable ? 'unavailable' : 'refused', message);
    }
    const data = secrets.find((s) => s.name === rule.secret)?.data;
    const password = data?.['password'] ?? data?.['token'];
    if (!password) throw new GitCredentialError('refused', `broker secret ${rule.secret} has no password or token field (a wrapped delivery, or the wrong fields)`);
    return { username: data?.['username'] ?? 'x-access-token', password };
  }
}

/**
 * What a service's settings give: the rules file, the broker, the service's broker role and
 * its workload token file (read at each exchange, so a rotated token is picked up).
 * Undefined without a rules file: every repository is read anonymously.
 */
export function gitCredentialsFromSettings(settings: { rulesFile?: string; brokerUrl: string; role: string; tokenFile?: string }): GitCredentialSource | undefined {
  if (!settings.rulesFile) return undefined;
  const tokenFile = settings.tokenFile;
  if (!tokenFile) throw new Error('a git credentials file needs a workload token file for the credential broker');
  return new BrokerGitCredentials({
    rules: loadGitCredentialRules(settings.rulesFile),
    brokerUrl: settings.brokerUrl,
    role: settings.role,
    workloadToken: async () => (await readFile(tokenFile, 'utf8')).trim(),
  });
}
