import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { envVar, loadConfig } from '@tollgate/config';
import { startLocalStack } from './local-stack';
import { leaseAsBuild, showRevoked, type LeasedLogin } from './demo-credentials';
import { showSbom } from './demo-sbom';
import { showSignatures } from './demo-signer';
import { ensureDemoAdvisories, showScans } from './demo-scanner';
import { showDecisionLog, showGate } from './demo-gate';
import { ensureDemoSource, ensureDemoSupportPolicy } from './local-sbom';
import { ensureDemoInventory, ensureLocalBroker } from './local-broker';
import { ensureLocalSources, readSecret } from './local-sources';
import { ensureLocalTrustPolicy } from './local-policy';
import { migrateAll } from './migrate';

/**
 * Tollgate's main job, end to end on one machine: migrate, start the stack,
 * push a sample Jenkins build through the gateway (Notification plugin phases
 * plus a CLI-signed artifact event), and show what Tollgate recorded.
 */
const say = (line: string): void => console.log(`[tollgate demo] ${line}`);

function jenkinsPayload(runUrl: string, number: number, phase: string, status?: string, commit?: string, repository = 'https://git.example.internal/pumps/firmware.git'): object {
  return {
    name: 'infusion-pump-firmware',
    display_name: 'infusion-pump-firmware',
    url: 'job/pumps/job/infusion-pump-firmware/',
    build: {
      full_url: runUrl,
      number,
      queue_id: 9000 + number,
      phase,
      ...(status ? { status } : {}),
      url: `job/pumps/job/infusion-pump-firmware/${number}/`,
      display_name: `#${number}`,
      timestamp: Date.now(),
      duration: phase === 'COMPLETED' || phase === 'FINALIZED' ? 183_000 : 0,
      scm: { url: repository, branch: 'origin/main', commit, changes: [], culprits: [] },
      parameters: { DEPLOY_ENV: 'staging' },
      ...(phase === 'FINALIZED' ? { artifacts: { 'build/firmware.img': { archive: `${runUrl}artifact/build/firmware.img` } } } : {}),
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig({
    DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
    NATS_URL: envVar.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
    PORT: envVar.port(8080),
    BROKER_PORT: envVar.port(8081),
    SBOM_PORT: envVar.port(8082),
    SIGNER_PORT: envVar.port(8083),
    SCANNER_PORT: envVar.port(8084),
    POLICY_PORT: envVar.port(8085),
  });
  await migrateAll(config.DATABASE_URL, say);
  const firmwareSource = ensureDemoSource();
  say(`firmware source: ${firmwareSource.repository} at ${firmwareSource.commit.slice(0, 12)} (a real npm lockfile, 1,096 packages)`);
  const broker = await ensureLocalBroker();
  const trustPolicy = await ensureLocalTrustPolicy(config.DATABASE_URL, process.env.BROKER_KEK ? { env: process.env.BROKER_KEK } : { file: broker.kekFile });
  await ensureDemoInventory(config.DATABASE_URL);
  const local = await ensureLocalSources();
  say(`ingest sources: ${local.sourcesFile} (local secrets under .tollgate/secrets, mode 0600)`);
  const stack = await startLocalStack(
    {
      DATABASE_URL: config.DATABASE_URL,
      NATS_URL: config.NATS_URL,
      PORT: String(config.PORT),
      INGEST_SOURCES_FILE: local.sourcesFile,
      BROKER_PORT: String(config.BROKER_PORT),
      BROKER_ROLES_FILE: broker.rolesFile,
      ...(process.env.BROKER_KEK ? {} : { BROKER_KEK_FILE: broker.kekFile }),
      SBOM_PORT: String(config.SBOM_PORT),
      SIGNER_PORT: String(config.SIGNER_PORT),
      SCANNER_PORT: String(config.SCANNER_PORT),
      POLICY_PORT: String(config.POLICY_PORT),
      POLICY_TRUST_POLICY_FILE: trustPolicy,
      POLICY_WORKLOAD_TOKEN_FILE: broker.policyEngineTokenFile,
      // A checkpoint a second, so the demo's decision is signed before it checks the log.
      POLICY_CHECKPOINT_INTERVAL_MS: '1000',
      SCANNER_OSV_DIR: ensureDemoAdvisories(),
      SIGNER_WORKLOAD_TOKEN_FILE: broker.signerTokenFile,
      SBOM_SUPPORT_POLICY_FILE: ensureDemoSupportPolicy(),
      LOG_LEVEL: 'warn',
    },
    { quiet: false },
  );
  const gateway = stack.urls['ingest-gateway'];
  const brokerUrl = stack.urls['credential-broker'];
  const sbomUrl = stack.urls['sbom-builder'];
  const signerUrl = stack.urls['signer'];
  const scannerUrl = stack.urls['scanner-runner'];
  const policyUrl = stack.urls['policy-engine'];
  say(`ingest-gateway ${gateway}, credential-broker ${brokerUrl}, sbom-builder ${sbomUrl}, signer ${signerUrl}, scanner-runner ${scannerUrl}, policy-engine ${policyUrl}`);
  let login: LeasedLogin | undefined;
  try {
    const number = Math.floor(Date.now() / 1000) % 1_000_000;
    const runUrl = `https://ci.example.internal/job/pumps/job/infusion-pump-firmware/${number}/`;
    const { commit } = firmwareSource;
    const basic = Buffer.from(`${local.jenkinsUser}:${readSecret(local.jenkinsPasswordFile)}`).toString('base64');
    say(`sample Jenkins run ${runUrl}`);

    for (const [phase, status] of [['QUEUED'], ['STARTED'], ['COMPLETED', 'SUCCESS'], ['FINALIZED', 'SUCCESS']] as const) {
      const res = await fetch(`${gateway}/v1/webhooks/jenkins`, {
        method: 'POST',
        headers: { 'content-type': 'application/json;charset=UTF-8', authorization: `Basic ${basic}` },
        body: JSON.stringify(jenkinsPayload(runUrl, number, phase, status, commit, firmwareSource.repository)),
      });
      say(`POST /v1/webhooks/jenkins phase=${phase.padEnd(9)} -> ${res.status} ${await res.text()}`);
      if (phase === 'STARTED') login = await leaseAsBuild(broker, brokerUrl, runUrl, config.DATABASE_URL, say);
      if (phase === 'STARTED') {
        // Jenkins resends phases; the gateway answers a resend with duplicate: true and publishes nothing.
        const again = await fetch(`${gateway}/v1/webhooks/jenkins`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
          body: JSON.stringify(jenkinsPayload(runUrl, number, phase, undefined, commit, firmwareSource.repository)),
        });
        say(`POST /v1/webhooks/jenkins phase=STARTED (resent) -> ${again.status} ${await again.text()}`);
      }
      if (phase === 'COMPLETED') {
        const digest = `sha256:${createHash('sha256').update(`firmware-${number}`).digest('hex')}`;
        const cli = spawnSync(
          process.execPath,
          [
            resolve(__dirname, 'bin/tollgate.js'),
            'event', 'send',
            '--type', 'artifact.packaged',
            '--run-id', runUrl,
            '--subject-id', `pkg:generic/infusion-pump-firmware@1.${number}`,
            '--artifact-digest', digest,
            '--content', JSON.stringify({ change: { id: commit, source: firmwareSource.repository } }),
          ],
          { env: { ...process.env, TOLLGATE_URL: gateway, TOLLGATE_SOURCE_ID: local.cliSourceId, TOLLGATE_HMAC_SECRET_FILE: local.cliSecretFile }, encoding: 'utf8' },
        );
        say(`tollgate event send --type artifact.packaged -> exit ${cli.status} ${cli.stdout.trim()}${cli.stderr.trim()}`);
        if (cli.status !== 0) throw new Error('the CLI could not send the artifact event');
      }
    }

    // Jenkins' four phases and the CLI's artifact event, plus the broker's credentials.issued.
    const view = await waitForEvents(gateway, runUrl, 6);
    say(`GET /v1/pipelines/${encodeURIComponent(runUrl)}`);
    say(`  status=${view.status} outcome=${view.outcome ?? '-'} traceId=${view.traceId}`);
    for (const stage of view.stages) {
      for (const event of stage.events) {
        say(`  ${stage.stage.padEnd(22)} ${event.time}  trace=${event.traceId}  id=${event.id}`);
      }
    }
    const traces = new Set(view.stages.flatMap((s) => s.events.map((e) => e.traceId)));
    say(traces.size === 1 && traces.has(view.traceId) ? 'one trace id across every event of the run' : `WARNING: ${traces.size} trace ids`);
    if (traces.size !== 1) process.exitCode = 1;
    const digest = `sha256:${createHash('sha256').update(`firmware-${number}`).digest('hex')}`;
    if (!(await showSbom(sbomUrl, digest, say))) process.exitCode = 1;
    if (!(await showSignatures(signerUrl, digest, { runUrl, repository: firmwareSource.repository }, say))) process.exitCode = 1;
    if (!(await showScans(scannerUrl, runUrl, digest, say))) process.exitCode = 1;
    if (!(await showGate(policyUrl, signerUrl, runUrl, digest, say))) process.exitCode = 1;
    if (!(await showDecisionLog(signerUrl, config.DATABASE_URL, say))) process.exitCode = 1;
    if (!(await showRevoked(brokerUrl, runUrl, login!, config.DATABASE_URL, say))) {
      say('WARNING: the run\'s credentials were not all revoked');
      process.exitCode = 1;
    }
  } finally {
    await stack.stop();
    say('stack stopped');
  }
}

interface View {
  status: string;
  outcome?: string;
  traceId: string;
  stages: { stage: string; events: { id: string; time: string; traceId: string }[] }[];
}

async function waitForEvents(gateway: string, runUrl: string, count: number): Promise<View> {
  const deadline = Date.now() + 15_000;
  let last: View | undefined;
  while (Date.now() < deadline) {
    const res = await fetch(`${gateway}/v1/pipelines/${encodeURIComponent(runUrl)}`);
    if (res.ok) {
      last = (await res.json()) as View;
      if (last.status === 'finished' && last.stages.reduce((n, s) => n + s.events.length, 0) >= count) return last;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${count} events for the run within 15 s; got ${JSON.stringify(last)}`);
}

main().catch((error: Error) => {
  console.error(`[tollgate demo] failed: ${error.message}`);
  process.exit(1);
});
