import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const CYCLONEDX_NPM = resolve(__dirname, '..', '..', '..', '..', '..', '..', 'node_modules', '.bin', 'cyclonedx-npm');

/** One component of cyclonedx-npm's BOM: it lists one per installed path, so a name@version may repeat. */
export interface CdxPlacement {
  bomRef: string;
  purl: string;
  /** The `cdx:npm:package:path` property, e.g. `node_modules/debug/node_modules/ms`. */
  path: string;
  scope: 'required' | 'optional';
  /** Declared licences as one string: ids, names or the expression, joined with ` AND `. */
  license?: string;
  /** bom-refs of the placements it depends on. */
  dependsOn: string[];
}

export interface CdxNpmResult {
  placements: CdxPlacement[];
  /** bom-refs the project itself depends on. */
  rootDependsOn: string[];
}

interface CdxComponent {
  'bom-ref': string;
  purl: string;
  scope?: string;
  licenses?: { license?: { id?: string; name?: string }; expression?: string }[];
  properties?: { name: string; value: string }[];
  components?: CdxComponent[];
}

interface CdxBom {
  metadata: { component: { 'bom-ref': string } };
  components?: CdxComponent[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}

/** Runs @cyclonedx/cyclonedx-npm on an installed project (production tree: `--omit dev`) and flattens its nested components. */
export async function runCyclonedxNpm(projectDir: string): Promise<CdxNpmResult> {
  const args = ['--output-format', 'JSON', '--spec-version', '1.6', '--omit', 'dev', '--output-file', '-', join(projectDir, 'package.json')];
  const { stdout } = await run(CYCLONEDX_NPM, args, { cwd: projectDir, maxBuffer: 256 * 1024 * 1024 });
  const bom = JSON.parse(stdout) as CdxBom;
  const dependsOn = new Map((bom.dependencies ?? []).map((d) => [d.ref, d.dependsOn ?? []]));
  const placements: CdxPlacement[] = [];
  const walk = (components: CdxComponent[] | undefined): void => {
    for (const c of components ?? []) {
      const license = (c.licenses ?? []).map((l) => l.license?.id ?? l.license?.name ?? l.expression).join(' AND ');
      placements.push({
        bomRef: c['bom-ref'],
        purl: c.purl,
        path: c.properties?.find((p) => p.name === 'cdx:npm:package:path')?.value ?? '',
        scope: c.scope === 'optional' ? 'optional' : 'required',
        ...(license ? { license } : {}),
        dependsOn: dependsOn.get(c['bom-ref']) ?? [],
      });
      walk(c.components);
    }
  };
  walk(bom.components);
  return { placements, rootDependsOn: dependsOn.get(bom.metadata.component['bom-ref']) ?? [] };
}
