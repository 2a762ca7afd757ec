// Signing benchmark: Sigstore bundles signed through the signer's path (AttestationSigner
// over BrokerTransitSigner, HTTP to a real credential-broker process, the key in the
// broker) and verified with AttestationVerifier, each beside raw crypto.sign / crypto.verify
// of the same DSSE bytes with the same key, in the same run.
//   npm run bench:sign      (BENCH_SIGN_N=300, BENCH_VERIFY_N=3000, BENCH_ROUNDS=3)
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  AttestationSigner,
  AttestationVerifier,
  BrokerTransitSigner,
  buildProvenanceStatement,
  preAuthEncoding,
  serializeStatement,
  SLSA_PROVENANCE_PREDICATE_TYPE,
  trustPolicySchema,
  IN_TOTO_PAYLOAD_TYPE,
  type SignedAttestation,
} from '@tollgate/attestation';
import { generateKeyEncryptionKey, loadKeyEncryptionKey } from '@tollgate/credentials';
import { dropSchema, ensureDatabase, ensureSchema } from '@tollgate/persistence';
import { runTool, startAppProcess, startTestIssuer } from '@tollgate/testing';
import { Client } from 'pg';
// Deep import on purpose: opening a sealed row is a bench-only path, kept out of the lib's public API.
import { transitKeyAad } from '../../libs/credentials/src/backend/embedded/transit-key-store';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tollgate_bench';
const SIGN_N = Number(process.env.BENCH_SIGN_N ?? 300);
const VERIFY_N = Number(process.env.BENCH_VERIFY_N ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const JENKINS = 'https://jenkins.bench.example.internal';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function statement(i: number) {
  return buildProvenanceStatement({
    artifact: { name: `pkg:generic/pump-fw@1.${i}`, digest: `sha256:${randomBytes(32).toString('hex')}` },
    jenkins: { controllerUrl: `${JENKINS}/`, pipeline: 'pumps/firmware', runUrl: `${JENKINS}/job/pumps/job/firmware/${i}/` },
    source: { repository: 'https://git.bench.example.internal/pumps/firmware', ref: 'refs/heads/main', commit: randomBytes(20).toString('hex') },
    startedOn: '2026-12-01T10:00:00Z',
    finishedOn: '2026-12-01T10:04:00Z',
  });
}

async function rate(n: number, work: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await work(i);
  return n / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  const schema = `bench_sign_${randomBytes(4).toString('hex')}`;
  await ensureSchema(DB_URL, schema);
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-sign-'));
  const issuer = await startTestIssuer('tollgate-broker');
  const kekText = generateKeyEncryptionKey();
  await runTool('tools/migrate.ts', ['--service', 'credential-broker', '--schema', schema], { DATABASE_URL: DB_URL });
  writeFileSync(
    join(dir, 'roles.yaml'),
    JSON.stringify({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      roles: [{ name: 'tollgate-signer', issuer: issuer.issuer, bound_audiences: ['tollgate-broker'], bound_claims: { sub: 'bench-signer' }, sign_keys: ['tollgate-signing'] }],
    }),
  );
  const broker = await startAppProcess({
    main: 'apps/credential-broker/src/main.ts',
    env: { DATABASE_URL: DB_URL, DATABASE_SCHEMA: schema, BROKER_ROLES_FILE: join(dir, 'roles.yaml'), BROKER_KEK: kekText, EMBEDDED_DATABASE_ADMIN_URL: DB_URL, LOG_LEVEL: 'warn' },
  });
  try {
    const token = await issuer.sign({ sub: 'bench-signer' }, { expiresInSeconds: 3600 });
    const keys = new BrokerTransitSigner({ brokerUrl: broker.url, keyName: 'tollgate-signing', role: 'tollgate-signer', workloadToken: () => token });
    const signer = AttestationSigner.withKey(keys.forPipelineRun('bench-run'));
    // The baseline's key is the broker's own v1, opened from its sealed row (bench only).
    const client = new Client({ connectionString: DB_URL });
    await client.connect();
    const [row] = (await client.query(`SELECT private_key_sealed FROM ${schema}.transit_key_version WHERE name = 'tollgate-signing' AND version = 1`)).rows as { private_key_sealed: Buffer }[];
    await client.end();
    const privateKey: KeyObject = createPrivateKey({ key: loadKeyEncryptionKey({ env: kekText }).open(row.private_key_sealed, transitKeyAad('tollgate-signing', 1)), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey);

    const statements = Array.from({ length: Math.max(SIGN_N, 50) }, (_, i) => statement(i));
    const paes = statements.map((s) => preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, serializeStatement(s)));
    await signer.sign(statements[0]); // warm: public keys fetched, connections open

    const signOurs: number[] = [];
    const signRaw: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      signRaw.push(await rate(SIGN_N, (i) => sign('sha256', paes[i], privateKey)));
      signOurs.push(await rate(SIGN_N, (i) => signer.sign(statements[i])));
    }

    const bundles: SignedAttestation[] = [];
    for (let i = 0; i < 50; i++) bundles.push(await signer.sign(statements[i]));
    const signatures = bundles.map((b) => Buffer.from((b.bundle as { dsseEnvelope: { signatures: { sig: string }[] } }).dsseEnvelope.signatures[0].sig, 'base64'));
    const verifier = new AttestationVerifier(
      trustPolicySchema.parse({
        keys: [{ name: 'tollgate-signing', version: 1, status: 'active', publicKey: publicKey.export({ type: 'spki', format: 'pem' }) }],
        predicateTypes: [SLSA_PROVENANCE_PREDICATE_TYPE],
        provenance: { builderIds: [`${JENKINS}/job/pumps/*`], sources: [{ repository: 'https://git.bench.example.internal/pumps/firmware', refs: ['refs/heads/main'] }] },
      }),
    );
    const digests = bundles.map((b) => b.subjectDigests[0]);
    const verifyOurs: number[] = [];
    const verifyRaw: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      verifyRaw.push(
        await rate(VERIFY_N, (i) => {
          if (!verify('sha256', paes[i % 50], publicKey, signatures[i % 50])) throw new Error('raw verify failed');
        }),
      );
      verifyOurs.push(await rate(VERIFY_N, (i) => verifier.verify({ bundle: bundles[i % 50].bundle, digest: digests[i % 50] })));
    }
    const line = (what: string, ours: number, raw: number, unit: string) =>
      console.log(`${what.padEnd(8)}: ours ${ours.toFixed(0).padStart(6)} ${unit}, raw ${raw.toFixed(0).padStart(6)} ${unit}, ratio ${(ours / raw).toFixed(2)}x`);
    console.log(`sign bench: ECDSA P-256 (the broker's tollgate-signing v1), signatures N=${SIGN_N}, verifications N=${VERIFY_N}, ${ROUNDS} alternating rounds, medians`);
    line('sign', median(signOurs), median(signRaw), 'bundles/s');
    line('verify', median(verifyOurs), median(verifyRaw), 'bundles/s');
    const ratio = median(verifyOurs) / median(verifyRaw);
    console.log(`goal: verification at least 0.50x of raw crypto.verify -> ${ratio >= 0.5 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`);
  } finally {
    await broker.stop();
    await issuer.close();
    await dropSchema(DB_URL, schema);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
