import { type Finding } from '../../findings/finding';
import { K8S_RULES } from './kubernetes-rule-catalogue';
import { k8sFinding } from './k8s-finding';
import { isRecord, type K8sWorkload } from './k8s-source';

const HOST_NAMESPACES = [
  ['hostNetwork', K8S_RULES.HOST_NETWORK],
  ['hostPID', K8S_RULES.HOST_PID],
  ['hostIPC', K8S_RULES.HOST_IPC],
] as const;

/** TG-K8S-003…006, 013: settings of the pod as a whole. */
export function checkPod(workload: K8sWorkload): Finding[] {
  const spec = workload.podSpec;
  const findings: Finding[] = [];
  for (const [key, rule] of HOST_NAMESPACES) {
    if (spec[key] !== true) continue;
    findings.push(
      k8sFinding({
        rule, workload, at: [key], address: `${workload.address}/${key}`,
        message: `${workload.label} sets ${key}: true`,
        fix: `Remove ${key}: true from the pod spec of ${workload.label}`,
      }),
    );
  }
  const volumes = Array.isArray(spec['volumes']) ? spec['volumes'] : [];
  volumes.forEach((volume: unknown, k) => {
    if (!isRecord(volume) || !isRecord(volume['hostPath'])) return;
    const name = String(volume['name'] ?? `#${k}`);
    const hostPath = String(volume['hostPath']['path'] ?? '');
    findings.push(
      k8sFinding({
        rule: K8S_RULES.HOST_PATH, workload, at: ['volumes', k, 'hostPath'], address: `${workload.address}/volumes/${name}`,
        message: `${workload.label} mounts host path ${hostPath} as volume "${name}"`,
        fix: `Replace hostPath in volume "${name}" of ${workload.label} with an emptyDir, ConfigMap/Secret or PersistentVolumeClaim`,
      }),
    );
  });
  if (spec['automountServiceAccountToken'] !== false) {
    findings.push(
      k8sFinding({
        rule: K8S_RULES.SA_TOKEN_AUTOMOUNT, workload, at: ['automountServiceAccountToken'], address: workload.address,
        message: `${workload.label} automounts its service account token (automountServiceAccountToken is not false)`,
        fix: `Set automountServiceAccountToken: false in the pod spec of ${workload.label}`,
      }),
    );
  }
  return findings;
}
