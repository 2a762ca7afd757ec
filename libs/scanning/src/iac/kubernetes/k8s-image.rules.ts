import { type Finding } from '../../findings/finding';
import { imagePinning } from '../image-ref';
import { K8S_RULES } from './kubernetes-rule-catalogue';
import { k8sFinding, type K8sContainer } from './k8s-finding';
import { type K8sWorkload } from './k8s-source';

/** TG-K8S-010 (`:latest` or no tag) and TG-K8S-011 (tag without digest); a digest satisfies both. */
export function checkImage(workload: K8sWorkload, container: K8sContainer): Finding[] {
  const image = container.spec['image'];
  if (typeof image !== 'string' || image.trim() === '') return [];
  const pinning = imagePinning(image);
  const at = [...container.at, 'image'];
  switch (pinning) {
    case 'digest':
      return [];
    case 'latest':
    case 'untagged':
      return [
        k8sFinding({
          rule: K8S_RULES.MUTABLE_IMAGE, workload, at, address: container.address,
          message: `Image ${image} of ${container.label} is ${pinning === 'latest' ? 'tagged :latest' : 'untagged (means :latest)'}`,
          fix: `Set image of ${container.label} to a released version pinned by digest, e.g. ${image.replace(/:latest$/, '')}:<version>@sha256:<digest>`,
        }),
      ];
    case 'tag':
      return [
        k8sFinding({
          rule: K8S_RULES.IMAGE_NOT_DIGEST, workload, at, address: container.address,
          message: `Image ${image} of ${container.label} is not pinned by digest`,
          fix: `Set image of ${container.label} to ${image}@sha256:<digest> (the digest the gate verified)`,
        }),
      ];
  }
}
