import { type Finding } from '../../findings/finding';
import { iacFinding } from '../iac-finding';
import { type IacRule } from '../iac-rule';
import { isRecord, type K8sWorkload, type YamlPath } from './k8s-source';

export const CONTAINER_GROUPS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerGroup = (typeof CONTAINER_GROUPS)[number];

export interface K8sContainer {
  readonly group: ContainerGroup;
  readonly name: string;
  readonly spec: Readonly<Record<string, unknown>>;
  /** Path of the container inside the pod spec (`['containers', 0]`). */
  readonly at: YamlPath;
  /** `Deployment/prod/api/containers/web`. */
  readonly address: string;
  /** `container "web" in Deployment prod/api` (init and ephemeral containers say so). */
  readonly label: string;
  readonly securityContext: Readonly<Record<string, unknown>>;
}

export function containersOf(workload: K8sWorkload): K8sContainer[] {
  return CONTAINER_GROUPS.flatMap((group) => {
    const list = workload.podSpec[group];
    if (!Array.isArray(list)) return [];
    return list.flatMap((spec: unknown, index) => {
      if (!isRecord(spec)) return [];
      const name = typeof spec['name'] === 'string' ? spec['name'] : `#${index}`;
      const kind = group === 'containers' ? 'container' : group === 'initContainers' ? 'init container' : 'ephemeral container';
      return [
        {
          group, name, spec, at: [group, index],
          address: `${workload.address}/${group}/${name}`,
          label: `${kind} "${name}" in ${workload.label}`,
          securityContext: isRecord(spec['securityContext']) ? spec['securityContext'] : {},
        },
      ];
    });
  });
}

export function podSecurityContext(workload: K8sWorkload): Readonly<Record<string, unknown>> {
  const sc = workload.podSpec['securityContext'];
  return isRecord(sc) ? sc : {};
}

export interface K8sFindingInput {
  readonly rule: IacRule;
  readonly workload: K8sWorkload;
  /** Path inside the pod spec of the offending key (its deepest written ancestor when missing). */
  readonly at: YamlPath;
  readonly address: string;
  readonly message: string;
  readonly fix: string;
}

export function k8sFinding(input: K8sFindingInput): Finding {
  return iacFinding({
    rule: input.rule,
    location: input.workload.locate(input.at),
    address: input.address,
    message: input.message,
    fix: input.fix,
    properties: { iacType: 'kubernetes', workloadKind: input.workload.kind },
  });
}
