import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { type FindingLocation } from '../../findings/finding';
import { IacParseError } from '../iac-parse-error';

export type YamlPath = readonly (string | number)[];

/** A workload's pod template, wherever its kind keeps it. */
export interface K8sWorkload {
  readonly path: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `Deployment/prod/api`: identity for fingerprints, independent of the file's layout. */
  readonly address: string;
  /** `Deployment prod/api`, for messages. */
  readonly label: string;
  readonly podSpec: Readonly<Record<string, unknown>>;
  /** Where `subPath` (relative to the pod spec) is written, or its deepest ancestor that is. */
  locate(subPath: YamlPath): FindingLocation;
}

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, YamlPath>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** True when the text has top-level-looking `apiVersion:` and `kind:` keys (checked before parsing). */
export function looksLikeKubernetes(content: string): boolean {
  return /^\s*(?:-\s+)?apiVersion\s*:/m.test(content) && /^\s*(?:-\s+)?kind\s*:/m.test(content);
}

export interface K8sFile {
  readonly workloads: readonly K8sWorkload[];
  /** One per document that does not parse; the other documents are still read. */
  readonly errors: readonly IacParseError[];
}

/** Every workload in a multi-document YAML file (and inside `kind: List`); other objects are skipped. */
export function parseKubernetesFile(path: string, content: string): K8sFile {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(content, { lineCounter: lines, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const workloads: K8sWorkload[] = [];
  const errors: IacParseError[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      // The message names the problem (e.g. "Missing closing quote"), never the source text.
      const at = lines.linePos(error.pos[0]);
      errors.push(new IacParseError(path, 'Kubernetes YAML', at.line, at.col, `${error.message} (${error.code})`));
    } else collect(doc.toJS(), [], doc, lines, path, workloads);
  }
  return { workloads, errors };
}

function collect(value: unknown, at: YamlPath, doc: Document, lines: LineCounter, path: string, out: K8sWorkload[]): void {
  if (!isRecord(value) || typeof value['kind'] !== 'string' || typeof value['apiVersion'] !== 'string') return;
  const kind = value['kind'];
  if (kind === 'List' && Array.isArray(value['items'])) {
    value['items'].forEach((item, k) => collect(item, [...at, 'items', k], doc, lines, path, out));
    return;
  }
  const specPath = POD_SPEC_PATHS[kind];
  const podSpec = specPath && valueAt(value, specPath);
  if (!specPath || !isRecord(podSpec)) return;
  const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
  const name = String(metadata['name'] ?? metadata['generateName'] ?? '(unnamed)');
  const namespace = String(metadata['namespace'] ?? 'default');
  out.push({
    path,
    kind,
    namespace,
    name,
    address: `${kind}/${namespace}/${name}`,
    label: `${kind} ${namespace}/${name}`,
    podSpec,
    locate: (subPath) => {
      const position = lines.linePos(offsetOf(doc, [...at, ...specPath, ...subPath]));
      return { path, startLine: position.line, startColumn: position.col };
    },
  });
}

/** Offset of the key (or sequence item) at `path`, or of the deepest ancestor that exists. */
function offsetOf(doc: Document, path: YamlPath): number {
  let node: unknown = doc.contents;
  let best = (isMap(node) || isSeq(node) ? node.range?.[0] : undefined) ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
      if (!pair || !isScalar(pair.key)) break;
      best = pair.key.range?.[0] ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!isMap(item) && !isSeq(item) && !isScalar(item)) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else break;
  }
  return best;
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let node = value;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && typeof segment === 'string') node = node[segment];
    else return undefined;
  }
  return node;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
