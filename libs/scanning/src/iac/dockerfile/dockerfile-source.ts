import { DockerfileParser, From, type Instruction } from 'dockerfile-ast';
import { type FindingLocation } from '../../findings/finding';
import { IacParseError } from '../iac-parse-error';

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface DockerStage {
  readonly index: number;
  readonly from: From;
  /** `AS name`, lower-cased as Docker compares it. */
  readonly name: string | undefined;
  /** The base image with global ARG defaults substituted; undefined when a variable stays unresolved. */
  readonly image: string | undefined;
  readonly instructions: readonly Instruction[];
  /** `build` or `#0`, for messages and fingerprints. */
  readonly label: string;
}

export interface ParsedDockerfile {
  readonly path: string;
  readonly stages: readonly DockerStage[];
}

/** Parses with `dockerfile-ast`, which is error-tolerant; a file without FROM cannot be built and is a parse error. */
export function parseDockerfile(path: string, content: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(content);
  const globals = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    const value = property?.getValue();
    if (property && value !== null && value !== undefined) globals.set(property.getName(), value);
  }
  const stages: DockerStage[] = [];
  let current: { from: From; instructions: Instruction[] } | undefined;
  const close = () => {
    if (!current) return;
    const index = stages.length;
    const name = current.from.getBuildStage()?.toLowerCase() ?? undefined;
    const raw = current.from.getImage();
    stages.push({ index, from: current.from, name, image: raw === null ? undefined : substitute(raw, globals), instructions: current.instructions, label: name ?? `#${index}` });
  };
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      close();
      current = { from: instruction, instructions: [] };
    } else current?.instructions.push(instruction);
  }
  close();
  if (stages.length === 0) throw new IacParseError(path, 'Dockerfile', 1, 1, 'no FROM instruction, so there is no image to check');
  return { path, stages };
}

/** `${BASE}`, `$BASE`, `${BASE:-node:20}` from global ARG defaults. */
function substitute(text: string, vars: ReadonlyMap<string, string>): string | undefined {
  let unresolved = false;
  const out = text.replace(/\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g, (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = vars.get((braced ?? bare)!) ?? fallback;
    if (value === undefined || value === '') unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : out;
}

/** dockerfile-ast positions are 0-based; findings are 1-based. */
export function dockerLocation(path: string, start: { line: number; character: number }): FindingLocation {
  return { path, startLine: start.line + 1, startColumn: start.character + 1 };
}
