import type { ComponentHash, FoundComponent } from '../../model/inventory';
import { SbomInputError } from '../../model/inventory';
import type { FilesystemView } from '../filesystem-view';
import { layerPath } from '../filesystem-view';
import { imageComponent } from './component';

const POM = /(^|\/)META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;

/** Maven artifacts from `META-INF/maven/<g>/<a>/pom.properties`, on the filesystem and inside jars (nested too). */
export function readMavenPackages(view: FilesystemView): FoundComponent[] {
  const found: FoundComponent[] = [];
  for (const file of view.list()) {
    if (file.kind === 'file' && POM.test(file.path)) {
      found.push(mavenComponent(file.content, layerPath(file.layer, file.path), []));
    } else if (file.kind === 'jar') {
      const jar = layerPath(file.layer, file.path);
      if (file.unreadable !== undefined) throw new SbomInputError(jar, file.unreadable);
      for (const pom of file.poms) {
        const component = mavenComponent(pom.content, `${jar}!/${pom.entry}`, [
          { alg: 'SHA-1', content: pom.jarSha1 },
          { alg: 'SHA-256', content: pom.jarSha256 },
        ]);
        // The jar's hashes belong to the artifact it is (`<artifactId>-<version>.jar`), not to what it shades in.
        if (pom.jarName !== `${component.name}-${component.version}.jar`) component.hashes = [];
        found.push(component);
      }
    }
  }
  return found;
}

function mavenComponent(content: Buffer, where: string, hashes: ComponentHash[]): FoundComponent {
  const properties = new Map<string, string>();
  content
    .toString('latin1')
    .split(/\r?\n/)
    .forEach((line) => {
      const match = /^\s*([^#!\s=:][^=:]*?)\s*[=:]\s*(.*?)\s*$/.exec(line);
      if (match !== null) properties.set(match[1], match[2]);
    });
  const get = (key: string) => {
    const value = properties.get(key);
    if (value === undefined || value === '') throw new SbomInputError(where, `has no ${key}`);
    return value;
  };
  return imageComponent({ ecosystem: 'maven', namespace: get('groupId'), name: get('artifactId'), version: get('version'), hashes, evidence: where });
}
