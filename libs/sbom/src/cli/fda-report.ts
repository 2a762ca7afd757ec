import { PROPERTY } from '../cyclonedx/sbom-subject';

export interface FdaRow {
  component: string;
  version: string;
  purl: string;
  supplier: string;
  supportLevel: string;
  endOfSupport: string;
  justification: string;
}

interface CdxComponent {
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  supplier?: { name?: string };
  properties?: { name: string; value: string }[];
}

/** One row per component; what the document does not say is written "unknown", never left blank. */
export function fdaRows(cyclonedx: { components?: CdxComponent[] }): FdaRow[] {
  return (cyclonedx.components ?? [])
    .map((c) => {
      const prop = (name: string): string | undefined => c.properties?.find((p) => p.name === name)?.value;
      return {
        component: c.group ? `${c.group}/${c.name}` : c.name,
        version: c.version ?? 'unknown',
        purl: c.purl ?? 'unknown',
        supplier: c.supplier?.name ?? 'unknown',
        supportLevel: prop(PROPERTY.supportLevel) ?? 'unknown',
        endOfSupport: prop(PROPERTY.endOfSupport) ?? 'unknown',
        justification: prop(PROPERTY.supportJustification) ?? (prop(PROPERTY.supportLevel) ? '' : 'no support statement in this SBOM (built without a support policy)'),
      };
    })
    .sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
}

const HEADERS: [keyof FdaRow, string][] = [
  ['component', 'Component'],
  ['version', 'Version'],
  ['purl', 'Package URL'],
  ['supplier', 'Supplier'],
  ['supportLevel', 'Level of support'],
  ['endOfSupport', 'End of support'],
  ['justification', 'Justification'],
];

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function fdaCsv(rows: FdaRow[]): string {
  return [HEADERS.map(([, h]) => h).join(','), ...rows.map((r) => HEADERS.map(([k]) => csvField(r[k])).join(','))].join('\r\n') + '\r\n';
}

export function fdaMarkdown(rows: FdaRow[]): string {
  const cell = (v: string): string => v.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return [
    `| ${HEADERS.map(([, h]) => h).join(' | ')} |`,
    `|${HEADERS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${HEADERS.map(([k]) => cell(r[k])).join(' | ')} |`),
  ].join('\n') + '\n';
}
