import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hashPassword } from '@tollgate/event-client';

export interface LocalSources {
  sourcesFile: string;
  /** Source id and secret file the CLI signs with. */
  cliSourceId: string;
  cliSecretFile: string;
  /** Basic credentials the Jenkins Notification plugin would embed in its URL. */
  jenkinsUser: string;
  jenkinsPasswordFile: string;
}

/**
 * A local install needs sources to accept events from. Generated once under
 * .tollgate/ (git-ignored, files 0600) with fresh random secrets — nothing is
 * committed, and production mounts its own file from a secret store.
 */
export async function ensureLocalSources(root = resolve(__dirname, '..')): Promise<LocalSources> {
  const dir = join(root, '.tollgate');
  const secrets = join(dir, 'secrets');
  const local: LocalSources = {
    sourcesFile: join(dir, 'ingest-sources.json'),
    cliSourceId: 'local-cli',
    cliSecretFile: join(secrets, 'local-cli.hmac'),
    jenkinsUser: 'jenkins-local',
    jenkinsPasswordFile: join(secrets, 'jenkins-local.password'),
  };
  if (existsSync(local.sourcesFile) && existsSync(local.cliSecretFile) && existsSync(local.jenkinsPasswordFile)) return local;

  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const write = (file: string, content: string): void => {
    writeFileSync(file, content, { mode: 0o600 });
    chmodSync(file, 0o600);
  };
  write(local.cliSecretFile, randomBytes(32).toString('base64url'));
  const password = randomBytes(18).toString('base64url');
  write(local.jenkinsPasswordFile, password);
  write(
    local.sourcesFile,
    `${JSON.stringify(
      {
        sources: [
          { id: local.cliSourceId, eventSource: '/ci/local-cli', hmac: { secretFile: local.cliSecretFile }, ratePerMinute: 6000 },
          {
            id: 'jenkins-local',
            eventSource: '/ci/jenkins-local',
            jenkinsRootUrl: 'https://ci.example.internal/',
            basic: { username: local.jenkinsUser, passwordHash: await hashPassword(password) },
            ratePerMinute: 6000,
          },
        ],
      },
      null,
      2,
    )}\n`,
  );
  return local;
}

export function readSecret(file: string): string {
  return readFileSync(file, 'utf8').trim();
}
