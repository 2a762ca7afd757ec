import { type Finding } from '../../findings/finding';
import { checkDockerfile } from './dockerfile.rules';
import { parseDockerfile } from './dockerfile-source';

/** Every Dockerfile rule over one file. */
export function scanDockerfile(path: string, content: string): Finding[] {
  return checkDockerfile(parseDockerfile(path, content));
}
