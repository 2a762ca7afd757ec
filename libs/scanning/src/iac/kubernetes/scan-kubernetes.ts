import { type Finding } from '../../findings/finding';
import { parseErrorFinding } from '../iac-parse-error';
import { checkContainer } from './k8s-container.rules';
import { containersOf } from './k8s-finding';
import { checkImage } from './k8s-image.rules';
import { checkPod } from './k8s-pod.rules';
import { parseKubernetesFile } from './k8s-source';

/** Every Kubernetes rule over every workload of one (multi-document) YAML file, plus one TG-PARSE-001 per broken document. */
export function scanKubernetesFile(path: string, content: string): Finding[] {
  const { workloads, errors } = parseKubernetesFile(path, content);
  return [
    ...errors.map(parseErrorFinding),
    ...workloads.flatMap((workload) => [
      ...checkPod(workload),
      ...containersOf(workload).flatMap((container) => [...checkContainer(workload, container), ...checkImage(workload, container)]),
    ]),
  ];
}
