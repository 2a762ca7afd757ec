import { ruleCatalogue } from '../iac-rule';

// Severities: `critical` only for a privileged container (it is root on the node). Breaking out
// of the pod's isolation by other means (host namespaces, hostPath, dangerous capabilities,
// running as UID 0) is `high`. Hardening that limits the blast radius of a compromise
// (privilege escalation, non-root enforcement, token automount, resource limits, mutable
// image tags) is `medium`; an image pinned by tag but not digest and a writable root
// filesystem are `low`.
export const K8S_RULES = ruleCatalogue({
  PRIVILEGED: {
    id: 'TG-K8S-001', title: 'Container runs privileged', severity: 'critical', target: 'kubernetes',
    message: 'securityContext.privileged: true gives the container every capability and access to the host devices.',
    fix: 'Remove privileged: true and add only the capabilities the container needs.',
  },
  PRIVILEGE_ESCALATION: {
    id: 'TG-K8S-002', title: 'Container allows privilege escalation', severity: 'medium', target: 'kubernetes',
    message: 'securityContext.allowPrivilegeEscalation is true or unset (unset means true), so setuid binaries can gain privileges.',
    fix: 'Set securityContext.allowPrivilegeEscalation: false.',
  },
  HOST_NETWORK: {
    id: 'TG-K8S-003', title: 'Pod uses the host network', severity: 'high', target: 'kubernetes',
    message: 'hostNetwork: true puts the pod in the node\'s network namespace (node ports, loopback services, no network policy).',
    fix: 'Remove hostNetwork: true and expose ports through a Service.',
  },
  HOST_PID: {
    id: 'TG-K8S-004', title: 'Pod shares the host PID namespace', severity: 'high', target: 'kubernetes',
    message: 'hostPID: true lets the pod see and signal every process on the node.',
    fix: 'Remove hostPID: true.',
  },
  HOST_IPC: {
    id: 'TG-K8S-005', title: 'Pod shares the host IPC namespace', severity: 'high', target: 'kubernetes',
    message: 'hostIPC: true lets the pod read shared memory of processes on the node.',
    fix: 'Remove hostIPC: true.',
  },
  HOST_PATH: {
    id: 'TG-K8S-006', title: 'Pod mounts a hostPath volume', severity: 'high', target: 'kubernetes',
    message: 'A hostPath volume exposes the node\'s filesystem to the pod.',
    fix: 'Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath.',
  },
  RUN_AS_ROOT: {
    id: 'TG-K8S-007', title: 'Container runs as UID 0', severity: 'high', target: 'kubernetes',
    message: 'securityContext.runAsUser: 0 runs the container as root.',
    fix: 'Set runAsUser to a non-zero UID and runAsNonRoot: true.',
  },
  RUN_AS_NON_ROOT_UNSET: {
    id: 'TG-K8S-008', title: 'Container may run as root', severity: 'medium', target: 'kubernetes',
    message: 'Neither the container nor the pod sets runAsNonRoot: true (or a non-zero runAsUser), so the image\'s user, often root, is used.',
    fix: 'Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser.',
  },
  NO_LIMITS: {
    id: 'TG-K8S-009', title: 'Container has no CPU or memory limit', severity: 'medium', target: 'kubernetes',
    message: 'resources.limits.cpu or resources.limits.memory is missing, so one container can starve the node.',
    fix: 'Set resources.limits.cpu and resources.limits.memory.',
  },
  MUTABLE_IMAGE: {
    id: 'TG-K8S-010', title: 'Container image is :latest or untagged', severity: 'medium', target: 'kubernetes',
    message: 'The image tag is latest or missing, so what runs changes without a change to the manifest.',
    fix: 'Reference a released version, pinned by digest: image: name:1.2.3@sha256:…',
  },
  IMAGE_NOT_DIGEST: {
    id: 'TG-K8S-011', title: 'Container image is not pinned by digest', severity: 'low', target: 'kubernetes',
    message: 'The image is referenced by tag only; a tag can be moved to other content, so admission cannot verify what runs.',
    fix: 'Append the digest: image: name:tag@sha256:…',
  },
  DANGEROUS_CAPABILITIES: {
    id: 'TG-K8S-012', title: 'Container adds dangerous capabilities', severity: 'high', target: 'kubernetes',
    message: 'securityContext.capabilities.add includes ALL, SYS_ADMIN, NET_ADMIN or another capability that allows escaping the container.',
    fix: 'Remove the capability from capabilities.add and drop ALL; add back only narrow ones like NET_BIND_SERVICE.',
  },
  SA_TOKEN_AUTOMOUNT: {
    id: 'TG-K8S-013', title: 'Service account token is automounted', severity: 'medium', target: 'kubernetes',
    message: 'automountServiceAccountToken is not false, so every container gets a token for the Kubernetes API.',
    fix: 'Set automountServiceAccountToken: false in the pod spec (mount a projected token only where the API is used).',
  },
  WRITABLE_ROOT_FS: {
    id: 'TG-K8S-014', title: 'Container root filesystem is writable', severity: 'low', target: 'kubernetes',
    message: 'securityContext.readOnlyRootFilesystem is not true, so an intruder can modify the container\'s files.',
    fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes.',
  },
});
