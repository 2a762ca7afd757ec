import { K8S_RULES } from './kubernetes-rule-catalogue';
import { fixture, positionsOf } from '../fixtures/fixture';
import { scanIacFiles } from '../scan-iac-files';

// Each positive fixture is a hardened workload with exactly one kind of problem, spread over
// several workload kinds and container groups; its negative is the same workload fixed.
const CASES: readonly (readonly [ruleId: string, positions: [number, number][], mentions: string])[] = [
  ['TG-K8S-001', [[24, 11], [47, 7]], 'Container "agent" in DaemonSet pumps/node-agent'],
  ['TG-K8S-002', [[23, 11], [33, 9]], 'Container "api" in Deployment pumps/telemetry-api'],
  ['TG-K8S-003', [[16, 7]], 'DaemonSet pumps/net-probe'],
  ['TG-K8S-004', [[8, 3]], 'Pod pumps/profiler'],
  ['TG-K8S-005', [[17, 7]], 'Deployment pumps/shm-cache'],
  ['TG-K8S-006', [[18, 9]], 'DaemonSet pumps/log-shipper'],
  ['TG-K8S-007', [[18, 9], [47, 11]], 'Container "db" in StatefulSet pumps/pump-history'],
  ['TG-K8S-008', [[21, 11], [47, 13]], 'Container "router" in ReplicaSet pumps/alarm-router'],
  ['TG-K8S-009', [[23, 11], [26, 9]], 'Init container "fetch" in Job pumps/firmware-index'],
  ['TG-K8S-010', [[16, 13], [38, 5]], 'container "cleanup" in CronJob pumps/cleanup'],
  ['TG-K8S-011', [[19, 9]], 'container "gateway" in Deployment pumps/gateway'],
  ['TG-K8S-012', [[26, 13], [63, 9]], 'Container "bridge" in Deployment pumps/vpn-bridge'],
  ['TG-K8S-013', [[15, 5], [46, 7]], 'Deployment pumps/console'],
  ['TG-K8S-014', [[20, 9], [36, 11]], 'Container "ledger" in StatefulSet pumps/ledger'],
];

const severity = (ruleId: string) => Object.values(K8S_RULES).find((r) => r.id === ruleId)?.severity;

describe('Kubernetes rules', () => {
  it.each(CASES)('%s fires on each offending key of its positive fixture', async (ruleId, positions, mentions) => {
    const findings = await scanIacFiles([fixture(`kubernetes/${ruleId.toLowerCase()}/positive.yaml`)]);
    expect(positionsOf(findings, ruleId)).toEqual(positions);
    // The positive fixture has no other problem, so no other rule fires on it.
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set([ruleId]));
    const first = findings[0]!;
    expect(first).toMatchObject({ scanner: 'tollgate-iac', kind: 'iac', severity: severity(ruleId) });
    expect(first.message).toContain(mentions);
  });

  it.each(CASES)('%s stays quiet on its negative fixture', async (ruleId) => {
    expect(await scanIacFiles([fixture(`kubernetes/${ruleId.toLowerCase()}/negative.yaml`)])).toEqual([]);
  });

  it('finds the pod spec of every workload kind', async () => {
    const container = ['containers:', '- name: app', '  image: app:1.0', '  securityContext:', '    privileged: true'];
    const indent = (lines: string[], n: number) => lines.map((l) => ' '.repeat(n) + l);
    const docs = [
      ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', ...indent(container, 2)],
      ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].map((kind) => [
        'apiVersion: apps/v1', `kind: ${kind}`, `metadata: {name: ${kind.toLowerCase()}}`, 'spec:', '  template:', '    spec:', ...indent(container, 6),
      ]),
      ['apiVersion: batch/v1', 'kind: CronJob', 'metadata: {name: c}', 'spec:', '  jobTemplate:', '    spec:', '      template:', '        spec:', ...indent(container, 10)],
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: not-a-workload}', 'data: {privileged: "true"}'],
    ];
    const findings = await scanIacFiles([{ path: 'all-kinds.yaml', content: docs.map((d) => d.join('\n')).join('\n---\n') }]);
    const privileged = findings.filter((f) => f.ruleId === 'TG-K8S-001').map((f) => f.properties?.['resource']);
    expect(privileged).toEqual([
      'Pod/default/p/containers/app',
      'Deployment/default/deployment/containers/app',
      'StatefulSet/default/statefulset/containers/app',
      'DaemonSet/default/daemonset/containers/app',
      'ReplicaSet/default/replicaset/containers/app',
      'Job/default/job/containers/app',
      'CronJob/default/c/containers/app',
    ]);
  });
});
