import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { SbomInputError } from '../model/inventory';
import type { ArchivedPom } from './filesystem-view';

const POM = /(^|\/)META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const NESTED_JAR = /\.(jar|war)$/;
/** Fat jars nest once (Spring Boot `BOOT-INF/lib`, WAR `WEB-INF/lib`); deeper nesting is not a real layout. */
const MAX_DEPTH = 2;

/** Every pom.properties inside a jar and the jars nested in it. `file` names the jar for errors. */
export function pomsInJar(bytes: Buffer | Uint8Array, jarName: string, file: string, prefix = '', depth = 0): ArchivedPom[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (entry) => POM.test(entry.name) || (depth < MAX_DEPTH && NESTED_JAR.test(entry.name)) });
  } catch (error) {
    const what = prefix === '' ? 'not a readable zip' : `nested jar ${prefix.slice(0, -2)} is not a readable zip`;
    throw new SbomInputError(file, `${what}: ${(error as Error).message}`);
  }
  const jarSha1 = createHash('sha1').update(bytes).digest('hex');
  const jarSha256 = createHash('sha256').update(bytes).digest('hex');
  const poms: ArchivedPom[] = [];
  for (const name of Object.keys(entries).sort()) {
    const entryPath = `${prefix}${name}`;
    if (POM.test(name)) {
      poms.push({ entry: entryPath, content: Buffer.from(entries[name]), jarName, jarSha1, jarSha256 });
    } else {
      const nestedName = name.slice(name.lastIndexOf('/') + 1);
      poms.push(...pomsInJar(entries[name], nestedName, file, `${entryPath}!/`, depth + 1));
    }
  }
  return poms;
}
