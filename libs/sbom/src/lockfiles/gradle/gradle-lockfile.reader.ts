import { SbomInputError } from '../../model/inventory';
import type { FoundComponent, Inventory } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { sortedInventory } from '../common/sorted-inventory';

const ENTRY = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)=([^=\s]*)$/;

/** A configuration used only by tests: `test…`, or `…Test…` as a camel-case word (`integrationTestRuntimeClasspath`, Android's `debugUnitTest…`). */
function isTestConfiguration(configuration: string): boolean {
  return /(^test|Test)(?=[A-Z]|$)/.test(configuration);
}

/**
 * A Gradle dependency lockfile (`gradle.lockfile`, Gradle ≥ 6): one `group:artifact:version=configurations` line per
 * module. A module only test configurations resolve is `dev`; any other is `required` (a configuration the reader
 * cannot tell apart from a shipped one counts as shipped). The file is flat: no edges, and no roots are claimed.
 */
export function readGradleLockfile(text: string, path: string): Inventory {
  const components: FoundComponent[] = [];
  let sawEmptyLine = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) return;
    if (sawEmptyLine) throw new SbomInputError(path, 'an entry after the "empty=" line, which Gradle writes last', { line, column: 1 });
    if (content.startsWith('empty=')) {
      sawEmptyLine = true;
      return;
    }
    const entry = ENTRY.exec(content);
    if (!entry) throw new SbomInputError(path, 'expected "<group>:<artifact>:<version>=<configuration>,…"', { line, column: 1 });
    const [, group, artifact, version, configurationList] = entry;
    const configurations = configurationList.split(',').filter(Boolean);
    if (configurations.length === 0) throw new SbomInputError(path, `${group}:${artifact}:${version} is locked for no configuration`, { line, column: raw.indexOf('=') + 2 });
    const purl = purlOf('maven', group, artifact, version);
    if (components.some((c) => c.purl === purl)) throw new SbomInputError(path, `${group}:${artifact}:${version} is locked twice`, { line, column: 1 });
    components.push({
      purl,
      ecosystem: 'maven',
      namespace: group,
      name: artifact,
      version,
      scope: configurations.every(isTestConfiguration) ? 'dev' : 'required',
      hashes: [],
      evidence: `${path}:${line}`,
      dependsOn: [],
    });
  });
  // Gradle ends every lockfile with the "empty=" line, even when no configuration is empty.
  if (!sawEmptyLine) throw new SbomInputError(path, 'truncated or not a Gradle lockfile: no "empty=" line (Gradle writes it last)');
  return sortedInventory(components, []);
}
