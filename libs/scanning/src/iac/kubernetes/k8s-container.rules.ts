import { type Finding } from '../../findings/finding';
import { K8S_RULES } from './kubernetes-rule-catalogue';
import { k8sFinding, podSecurityContext, type K8sContainer } from './k8s-finding';
import { type IacRule } from '../iac-rule';
import { isRecord, type K8sWorkload, type YamlPath } from './k8s-source';

// Capabilities that let a process break out of the container or take over the node's network.
const DANGEROUS_CAPABILITIES = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_BOOT', 'SYS_TIME', 'DAC_READ_SEARCH', 'DAC_OVERRIDE', 'BPF', 'PERFMON', 'MAC_ADMIN', 'SETFCAP']);

/** TG-K8S-001, 002, 007, 008, 009, 012, 014: one container's security context and resources. */
export function checkContainer(workload: K8sWorkload, c: K8sContainer): Finding[] {
  const sc = c.securityContext;
  const scAt = (...keys: string[]) => [...c.at, 'securityContext', ...keys];
  const label = c.label.charAt(0).toUpperCase() + c.label.slice(1);
  const findings: Finding[] = [];
  const add = (rule: IacRule, at: YamlPath, message: string, fix: string) => findings.push(k8sFinding({ rule, workload, at, address: c.address, message, fix }));

  if (sc['privileged'] === true) {
    add(K8S_RULES.PRIVILEGED, scAt('privileged'), `${label} runs privileged (securityContext.privileged: true)`, `Remove securityContext.privileged: true from ${c.label} and add only the capabilities it needs`);
  }
  if (sc['allowPrivilegeEscalation'] !== false) {
    const state = sc['allowPrivilegeEscalation'] === true ? 'is true' : 'is not set';
    add(K8S_RULES.PRIVILEGE_ESCALATION, scAt('allowPrivilegeEscalation'), `${label} allows privilege escalation (allowPrivilegeEscalation ${state})`, `Set securityContext.allowPrivilegeEscalation: false in ${c.label}`);
  }
  findings.push(...rootChecks(workload, c, label));
  // Ephemeral containers cannot have resources.
  if (c.group !== 'ephemeralContainers') {
    const limits = isRecord(c.spec['resources']) && isRecord(c.spec['resources']['limits']) ? c.spec['resources']['limits'] : {};
    const missing = ['cpu', 'memory'].filter((r) => limits[r] === undefined || limits[r] === null);
    if (missing.length > 0) {
      add(K8S_RULES.NO_LIMITS, [...c.at, 'resources', 'limits'], `${label} has no ${missing.join(' or ')} limit`, `Set ${missing.map((r) => `resources.limits.${r}`).join(' and ')} in ${c.label}`);
    }
  }
  const added = isRecord(sc['capabilities']) && Array.isArray(sc['capabilities']['add']) ? sc['capabilities']['add'] : [];
  const dangerous = added.map((a) => String(a).toUpperCase().replace(/^CAP_/, '')).filter((a) => DANGEROUS_CAPABILITIES.has(a));
  if (dangerous.length > 0) {
    add(K8S_RULES.DANGEROUS_CAPABILITIES, scAt('capabilities', 'add'), `${label} adds capabilities ${dangerous.join(', ')}`, `Remove ${dangerous.join(', ')} from securityContext.capabilities.add in ${c.label} and drop ALL`);
  }
  if (sc['readOnlyRootFilesystem'] !== true) {
    add(K8S_RULES.WRITABLE_ROOT_FS, scAt('readOnlyRootFilesystem'), `${label} has a writable root filesystem (readOnlyRootFilesystem is not true)`, `Set securityContext.readOnlyRootFilesystem: true in ${c.label} and mount an emptyDir where it writes`);
  }
  return findings;
}

/** TG-K8S-007/008: the container's user, with the pod's securityContext as the default. */
function rootChecks(workload: K8sWorkload, c: K8sContainer, label: string): Finding[] {
  const pod = podSecurityContext(workload);
  const sc = c.securityContext;
  const userAt = sc['runAsUser'] !== undefined ? [...c.at, 'securityContext', 'runAsUser'] : ['securityContext', 'runAsUser'];
  const user = sc['runAsUser'] ?? pod['runAsUser'];
  if (user === 0) {
    return [
      k8sFinding({
        rule: K8S_RULES.RUN_AS_ROOT, workload, at: userAt, address: c.address,
        message: `${label} runs as root (runAsUser: 0)`,
        fix: `Set runAsUser to a non-zero UID and runAsNonRoot: true for ${c.label}`,
      }),
    ];
  }
  const nonRoot = sc['runAsNonRoot'] ?? pod['runAsNonRoot'];
  if (nonRoot === true || (typeof user === 'number' && user > 0)) return [];
  const at =
    sc['runAsNonRoot'] === false ? [...c.at, 'securityContext', 'runAsNonRoot'] : pod['runAsNonRoot'] === false ? ['securityContext', 'runAsNonRoot'] : [...c.at, 'securityContext', 'runAsNonRoot'];
  return [
    k8sFinding({
      rule: K8S_RULES.RUN_AS_NON_ROOT_UNSET, workload, at, address: c.address,
      message: `${label} may run as root (runAsNonRoot is ${nonRoot === false ? 'false' : 'not set'} and no non-zero runAsUser)`,
      fix: `Set securityContext.runAsNonRoot: true and runAsUser to a non-zero UID for ${c.label}`,
    }),
  ];
}
