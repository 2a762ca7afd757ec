import { looksLikeKubernetes } from './kubernetes/k8s-source';
import { looksLikeTerraformPlan } from './terraform/plan-source';

export type IacFileType = 'terraform' | 'terraform-plan' | 'kubernetes' | 'dockerfile';

const DOCKERFILE_NAME = /^(docker|container)file(\.[\w.-]+)?$|\.(docker|container)file$/i;
const NOT_DOCKERFILE = /\.(dockerignore|md|txt)$/i;

function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

/**
 * Whether a file could hold IaC, judged by its name alone: `*.tf`, `*.yaml`/`*.yml`, `*.json`
 * (plans) and Dockerfiles. A caller reads only these; `scanIacFiles` then decides by content
 * (a YAML file without `apiVersion`/`kind`, or a JSON file that is not a plan, is skipped).
 */
export function isIacPath(path: string): boolean {
  const name = baseName(path);
  return /\.(tf|ya?ml|json)$/i.test(name) || (DOCKERFILE_NAME.test(name) && !NOT_DOCKERFILE.test(name));
}

/** The scanner for a file, by name and content; undefined when it is not IaC we check. */
export function iacFileType(path: string, content: string): IacFileType | undefined {
  const name = baseName(path);
  if (/\.tf$/i.test(name)) return 'terraform';
  if (/\.json$/i.test(name)) return looksLikeTerraformPlan(content) ? 'terraform-plan' : undefined;
  // A Helm or other Go template is not a manifest until rendered; scan the rendered output instead.
  if (/\.ya?ml$/i.test(name)) return looksLikeKubernetes(content) && !content.includes('{{') ? 'kubernetes' : undefined;
  if (DOCKERFILE_NAME.test(name) && !NOT_DOCKERFILE.test(name)) return 'dockerfile';
  return undefined;
}
