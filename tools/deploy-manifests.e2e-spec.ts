import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig, type EnvShape } from '@tollgate/config';
import { parseBrokerRoles } from '@tollgate/credentials';
import { parseGitCredentialRules } from '@tollgate/git-source';
import { iacFileType, isAtLeast, readTree, scanIacFiles, type Finding } from '@tollgate/scanning';
import { BROKER_ENV } from '../apps/credential-broker/src/broker.config';
import { GATEWAY_ENV } from '../apps/ingest-gateway/src/gateway.config';
import { POLICY_ENGINE_ENV } from '../apps/policy-engine/src/policy-engine.config';
import { SBOM_BUILDER_ENV } from '../apps/sbom-builder/src/sbom-builder.config';
import { SCANNER_RUNNER_ENV } from '../apps/scanner-runner/src/scanner-runner.config';
import { SIGNER_ENV } from '../apps/signer/src/signer.config';

// Dogfood: the deployment Tollgate ships passes Tollgate's own IaC scanner, and the
// manifests agree with each other and with what the code reads and calls.

const ROOT = resolve(__dirname, '..');
const K8S = join(ROOT, 'k8s');
const NAMESPACE = 'tollgate';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are inspected as plain YAML */
type Manifest = { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any; data?: any; resources?: string[]; file?: string };

function documentsOf(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  for (const doc of docs) if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return docs.map((doc) => doc.toJS() as Manifest).filter(Boolean);
}

const yamlFiles = readdirSync(K8S).filter((f) => f.endsWith('.yaml')).sort();
const manifests = yamlFiles.filter((f) => f !== 'kustomization.yaml').flatMap((f) => documentsOf(join(K8S, f)).map((m) => ({ ...m, file: f })));
const ofKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const named = (kind: string, name: string) => ofKind(kind).find((m) => m.metadata.name === name);
const deployments = ofKind('Deployment');
const readme = readFileSync(join(K8S, 'README.md'), 'utf8');

/** Each app's environment schema, by the main file its container runs. */
const ENV_OF_MAIN: Record<string, EnvShape> = {
  'apps/ingest-gateway/src/main.ts': GATEWAY_ENV,
  'apps/credential-broker/src/main.ts': BROKER_ENV,
  'apps/sbom-builder/src/main.ts': SBOM_BUILDER_ENV,
  'apps/signer/src/main.ts': SIGNER_ENV,
  'apps/scanner-runner/src/main.ts': SCANNER_RUNNER_ENV,
  'apps/policy-engine/src/main.ts': POLICY_ENGINE_ENV,
};

const containerOf = (d: Manifest) => d.spec.template.spec.containers[0];
const podLabels = (d: Manifest): Record<string, string> => d.spec.template.metadata.labels;
const settingsOf = (d: Manifest): Record<string, string> =>
  Object.assign({}, ...(containerOf(d).envFrom ?? []).map((e: any) => named('ConfigMap', e.configMapRef.name)?.data ?? {}));

function findingLine(f: Finding): string {
  return `${f.severity} ${f.ruleId} ${f.location?.path ?? '?'}:${f.location?.startLine ?? '?'} ${f.message}`;
}

describe('deployment manifests', () => {
  it('pass the IaC scanner with nothing at high or critical severity', async () => {
    const tree = await readTree(ROOT, { paths: ['k8s', 'Dockerfile', 'docker-compose.yml'] });
    // Guard against a vacuous pass: the workloads and the Dockerfile must be what the scanner reads.
    const scanned = tree.files.filter((f) => iacFileType(f.path, f.content) !== undefined).map((f) => f.path);
    expect(scanned).toEqual(expect.arrayContaining(['Dockerfile', ...deployments.map((d) => `k8s/${d.file}`), 'k8s/migrate.job.yaml']));
    const findings = await scanIacFiles(tree.files);
    const blocking = findings.filter((f) => isAtLeast(f.severity, 'high') || f.ruleId.startsWith('TG-PARSE'));
    expect(blocking.map(findingLine)).toEqual([]);
  });

  it('parse, and the kustomization lists every file of k8s/ (nats/ has its own)', () => {
    const kustomization = documentsOf(join(K8S, 'kustomization.yaml'))[0];
    expect([...kustomization.resources!].sort()).toEqual(yamlFiles.filter((f) => f !== 'kustomization.yaml'));
    const nats = readdirSync(join(K8S, 'nats')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    nats.forEach((f) => documentsOf(join(K8S, 'nats', f)));
    expect([...documentsOf(join(K8S, 'nats', 'kustomization.yaml'))[0].resources!].sort()).toEqual(nats.sort());
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s references ConfigMaps, a ServiceAccount and Secrets that exist', (_name, d) => {
    const pod = d.spec.template.spec;
    for (const ref of containerOf(d).envFrom ?? []) expect(named('ConfigMap', ref.configMapRef.name)).toBeDefined();
    // A ConfigMap volume is in k8s/, or created out of band and said so in the README.
    for (const volume of pod.volumes ?? []) {
      const name = volume.configMap?.name;
      if (name && !named('ConfigMap', name)) expect(readme).toContain(`\`${name}\``);
    }
    for (const env of containerOf(d).env ?? []) {
      const secret = env.valueFrom?.secretKeyRef;
      if (secret) expect(readme).toContain(`| \`${secret.name}\` | \`${secret.key}\``);
    }
    if (pod.serviceAccountName) expect(named('ServiceAccount', pod.serviceAccountName)).toBeDefined();
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s: its settings are what the app reads, and its files are mounted', (_name, d) => {
    const container = containerOf(d);
    const shape = ENV_OF_MAIN[container.command.at(-1)];
    expect(shape).toBeDefined();
    const settings = settingsOf(d);
    expect(Object.keys(settings).filter((key) => !(key in shape))).toEqual([]);
    // Secrets are not here: a stand-in with the right form for each secret variable.
    const stand_in = Object.fromEntries((container.env ?? []).filter((e: any) => e.valueFrom).map((e: any) => [e.name, e.name.endsWith('_URL') ? 'postgres://x@db:5432/tollgate' : 'stand-in']));
    expect(() => loadConfig(shape, { ...settings, ...stand_in })).not.toThrow();
    expect(String(container.ports[0].containerPort)).toBe(settings.PORT);
    const mounts: string[] = container.volumeMounts.map((m: any) => m.mountPath);
    const files = Object.entries({ ...settings, ...Object.fromEntries((container.env ?? []).filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value])) }).filter(
      ([key, value]) => /(_FILE|_DIR|NODE_EXTRA_CA_CERTS)$/.test(key) && value.startsWith('/'),
    );
    for (const [key, path] of files) expect({ key, mounted: mounts.some((m) => path === m || path.startsWith(`${m}/`)) }).toEqual({ key, mounted: true });
  });

  it('labels: Services, PodDisruptionBudgets and NetworkPolicies select existing pods', () => {
    const apps = new Set(deployments.map((d) => d.metadata.name));
    for (const d of deployments) expect(podLabels(d)).toMatchObject(d.spec.selector.matchLabels);
    for (const m of [...ofKind('Service'), ...ofKind('PodDisruptionBudget')]) {
      const selector = m.spec.selector.matchLabels ?? m.spec.selector;
      expect(deployments.some((d) => Object.entries(selector).every(([k, v]) => podLabels(d)[k] === v))).toBe(true);
    }
    for (const p of ofKind('NetworkPolicy')) {
      const app = p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'];
      if (app) expect(apps.has(app) || app === 'tollgate-migrate').toBe(true);
    }
  });

  describe('broker identities', () => {
    const roles = parseBrokerRoles(named('ConfigMap', 'credential-broker-roles')!.data['broker-roles.yaml'], 'example roles file');
    const clients = deployments.flatMap((d) => {
      const role = Object.entries(settingsOf(d)).find(([key]) => key.endsWith('_BROKER_ROLE'))?.[1];
      return role ? [[d.metadata.name, d, role] as const] : [];
    });

    it('every app that asks the broker has its role in the example, bound to its ServiceAccount', () => {
      expect(clients.map(([name]) => name).sort()).toEqual(['policy-engine', 'sbom-builder', 'scanner-runner', 'signer']);
      for (const [, d, roleName] of clients) {
        const pod = d.spec.template.spec;
        const role = roles.roles.find((r) => r.name === roleName);
        expect(role?.bound_claims).toEqual({ sub: `system:serviceaccount:${NAMESPACE}:${pod.serviceAccountName}` });
        expect(role?.bound_audiences).toEqual(['tollgate-broker']);
        const token = pod.volumes.find((v: any) => v.projected)?.projected.sources[0].serviceAccountToken;
        expect(token).toMatchObject({ audience: 'tollgate-broker', expirationSeconds: 600 });
      }
    });

    it.each([
      ['scanner-runner', 'tollgate-scanner'],
      ['sbom-builder', 'tollgate-sbom-builder'],
    ])("%s's example git credentials rules parse and name its role's secrets", (app, roleName) => {
      const rules = parseGitCredentialRules(named('ConfigMap', `${app}-git-credentials`)!.data['git-credentials.yaml']);
      const role = roles.roles.find((r) => r.name === roleName)!;
      expect(rules.length).toBeGreaterThan(0);
      expect(rules.map((r) => r.secret).filter((s) => !role.secrets.some((x) => x.name === s && x.engine === 'kv'))).toEqual([]);
    });
  });

  describe('network policies allow exactly the calls the settings name', () => {
    const namespaceLabels = { 'kubernetes.io/metadata.name': NAMESPACE, ...named('Namespace', NAMESPACE)!.metadata.labels };
    const matches = (selector: any, labels: Record<string, string>) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    /** Whether a rule's peers (`to`/`from`) include a pod of this namespace with these labels. */
    const peerAllows = (peers: any[] | undefined, labels: Record<string, string>) =>
      peers === undefined ||
      peers.some((peer) => !peer.ipBlock && (peer.namespaceSelector === undefined || matches(peer.namespaceSelector, namespaceLabels)) && (peer.podSelector === undefined ? peer.namespaceSelector !== undefined : matches(peer.podSelector, labels)));
    const portAllows = (ports: any[] | undefined, port: number) => ports === undefined || ports.some((p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
    const policiesOf = (d: Manifest) => ofKind('NetworkPolicy').filter((p) => matches(p.spec.podSelector, podLabels(d)));
    const egress = (from: Manifest, to: Manifest | undefined, port: number) =>
      policiesOf(from).some((p) => (p.spec.egress ?? []).some((r: any) => portAllows(r.ports, port) && (to ? peerAllows(r.to, podLabels(to)) : r.to === undefined)));
    const ingress = (to: Manifest, from: Manifest, port: number) => policiesOf(to).some((p) => (p.spec.ingress ?? []).some((r: any) => portAllows(r.ports, port) && peerAllows(r.from, podLabels(from))));

    /** `http(s)://<service>.tollgate.svc[:port]` → the Deployment behind the Service and its container port. */
    function target(url: URL): { deployment: Manifest; port: number } {
      const service = named('Service', url.hostname.split('.')[0])!;
      const servicePort = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      const targetPort = service.spec.ports.find((p: any) => p.port === servicePort).targetPort;
      const deployment = deployments.find((d) => matches({ matchLabels: service.spec.selector }, podLabels(d)))!;
      const port = typeof targetPort === 'number' ? targetPort : containerOf(deployment).ports.find((p: any) => p.name === targetPort).containerPort;
      return { deployment, port };
    }

    const calls = deployments.flatMap((d) =>
      Object.entries(settingsOf(d))
        .filter(([, value]) => new RegExp(`^https?://[a-z0-9-]+\\.${NAMESPACE}\\.svc(:\\d+)?/?$`).test(value))
        .map(([key, value]) => [`${d.metadata.name} ${key}`, d, new URL(value)] as const),
    );

    it('the calls found include the policy engine reading every service and the scanner asking the broker', () => {
      expect(calls.map(([label]) => label)).toEqual(
        expect.arrayContaining(['policy-engine POLICY_SBOM_BUILDER_URL', 'policy-engine POLICY_SIGNER_URL', 'policy-engine POLICY_SCANNER_URL', 'policy-engine POLICY_BROKER_URL', 'scanner-runner SCANNER_BROKER_URL', 'sbom-builder SBOM_BROKER_URL']),
      );
    });

    it.each(calls)('%s: egress from the caller and ingress at the callee', (_label, from, url) => {
      const { deployment: to, port } = target(url);
      expect({ egress: egress(from, to, port), ingress: ingress(to, from, port) }).toEqual({ egress: true, ingress: true });
    });

    it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s reaches NATS, PostgreSQL and DNS', (_name, d) => {
      const nats = Number(new URL(settingsOf(d).NATS_URL).port || 4222);
      // DATABASE_URL is a Secret: the external PostgreSQL on its default port, as the README says.
      expect({ nats: egress(d, undefined, nats), postgres: egress(d, undefined, 5432) }).toEqual({ nats: true, postgres: true });
      expect(policiesOf(d).some((p) => (p.spec.egress ?? []).some((r: any) => portAllows(r.ports, 53)))).toBe(true);
    });
  });
});
