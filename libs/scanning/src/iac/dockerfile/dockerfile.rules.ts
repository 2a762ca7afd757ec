import { createHash } from 'node:crypto';
import { Add, Arg, Env, type Instruction, type Property } from 'dockerfile-ast';
import { type Finding } from '../../findings/finding';
import { iacFinding } from '../iac-finding';
import { type IacRule } from '../iac-rule';
import { imagePinning } from '../image-ref';
import { DF_RULES } from './dockerfile-rule-catalogue';
import { dockerLocation, type DockerStage, type ParsedDockerfile } from './dockerfile-source';

const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)(_|$)/i;
// `DB_PASSWORD_FILE=/run/secrets/db` is the recommended way to pass a secret, not a secret.
const NOT_A_SECRET = /_(FILE|PATH|DIR|URL|URI|ENDPOINT|NAME|LENGTH|TTL)$/i;
const PIPE_TO_SHELL = [
  /\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+(-\S+\s+)*)?(\S*\/)?(ba|z|da|k)?sh\b/,
  /\b(ba|z|da|k)?sh\s+(-c\s+)?["']?\$\(\s*(curl|wget)\b/,
  /<\(\s*(curl|wget)\b/,
];

type Emit = (rule: IacRule, at: { line: number; character: number }, address: string, message: string, fix: string) => void;

/** TG-DF-001…006 over every stage (the user check only looks at the final stage, which is what runs). */
export function checkDockerfile(file: ParsedDockerfile): Finding[] {
  const findings: Finding[] = [];
  const emit: Emit = (rule, at, address, message, fix) =>
    findings.push(iacFinding({ rule, location: dockerLocation(file.path, at), address, message, fix, properties: { iacType: 'dockerfile' } }));
  const stageNames = new Set(file.stages.flatMap((s) => (s.name ? [s.name] : [])));
  for (const stage of file.stages) {
    baseImage(stage, stageNames, emit);
    for (const instruction of stage.instructions) {
      if (instruction instanceof Add) addFromUrl(stage, instruction, emit);
      if (instruction instanceof Env) instruction.getProperties().forEach((p) => secret(stage, 'ENV', p, emit));
      if (instruction instanceof Arg) {
        const property = instruction.getProperty();
        if (property) secret(stage, 'ARG', property, emit);
      }
      if (instruction.getKeyword() === 'RUN') pipeToShell(stage, instruction, emit);
    }
  }
  rootUser(file, emit);
  return findings;
}

function baseImage(stage: DockerStage, stageNames: ReadonlySet<string>, emit: Emit): void {
  const image = stage.image;
  if (image === undefined || image === 'scratch' || stageNames.has(image.toLowerCase())) return;
  const at = stage.from.getImageRange()?.start ?? stage.from.getRange().start;
  const address = `stage:${stage.label}/FROM`;
  const pinning = imagePinning(image);
  if (pinning === 'latest' || pinning === 'untagged') {
    const what = pinning === 'latest' ? 'tagged :latest' : 'untagged (means :latest)';
    emit(DF_RULES.MUTABLE_BASE_IMAGE, at, address, `Base image ${image} of stage ${stage.label} is ${what}`, `Change FROM ${image} in stage ${stage.label} to a released version pinned by digest, e.g. FROM ${image.replace(/:latest$/, '')}:<version>@sha256:<digest>`);
  } else if (pinning === 'tag') {
    emit(DF_RULES.BASE_IMAGE_NOT_DIGEST, at, address, `Base image ${image} of stage ${stage.label} is not pinned by digest`, `Change FROM ${image} in stage ${stage.label} to FROM ${image}@sha256:<digest>`);
  }
}

function addFromUrl(stage: DockerStage, add: Add, emit: Emit): void {
  if (add.getFlags().some((f) => f.getName() === 'checksum')) return;
  const sources = add.getArguments().slice(0, -1);
  for (const source of sources) {
    const url = source.getValue();
    if (!/^(https?|ftp):\/\//i.test(url) && !/^git@/.test(url)) continue;
    const shown = redactUrl(url);
    emit(DF_RULES.ADD_FROM_URL, source.getRange().start, `stage:${stage.label}/ADD/${shown}`, `ADD in stage ${stage.label} downloads ${shown} without a checksum`, `Replace ADD ${shown} with ADD --checksum=sha256:<digest> ${shown} (or curl plus a checksum check in RUN)`);
  }
}

/** URLs can carry credentials (`user:token@`, signed query strings): show scheme, host and path only. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//').replace(/[?#].*$/, '');
  }
}

function secret(stage: DockerStage, keyword: 'ENV' | 'ARG', property: Property, emit: Emit): void {
  const name = property.getName();
  const value = property.getValue();
  if (!SECRET_NAME.test(name) || NOT_A_SECRET.test(name) || value === null || value.trim() === '') return;
  if (/^\$\{?\w+(:-)?\}?$/.test(value.trim())) return; // `ENV TOKEN=$TOKEN` forwards a build arg; the ARG itself is checked.
  emit(DF_RULES.SECRET_IN_ENV_ARG, property.getNameRange().start, `stage:${stage.label}/${keyword}/${name}`, `${keyword} ${name} in stage ${stage.label} has a hard-coded value (kept in the image and its history)`, `Remove the value of ${keyword} ${name} in stage ${stage.label}; pass it with RUN --mount=type=secret,id=${name.toLowerCase()} at build time or from the orchestrator at run time, and rotate it`);
}

function pipeToShell(stage: DockerStage, run: Instruction, emit: Emit): void {
  const command = (run.getArgumentsContent() ?? '').replace(/\s+/g, ' ');
  if (!PIPE_TO_SHELL.some((p) => p.test(command))) return;
  const digest = createHash('sha256').update(command).digest('hex').slice(0, 16);
  emit(DF_RULES.PIPE_TO_SHELL, run.getRange().start, `stage:${stage.label}/RUN/${digest}`, `RUN in stage ${stage.label} pipes a download into a shell`, `In stage ${stage.label}, download the script to a file, verify its sha256 (or signature), then execute it`);
}

/** The user the final stage runs as: its last USER, else the last USER of the stage it builds FROM. */
function rootUser(file: ParsedDockerfile, emit: Emit): void {
  const final = file.stages[file.stages.length - 1]!;
  const seen = new Set<number>();
  let stage: DockerStage | undefined = final;
  while (stage && !seen.has(stage.index)) {
    seen.add(stage.index);
    const user = [...stage.instructions].reverse().find((i) => i.getKeyword() === 'USER');
    if (user) {
      const name = (user.getArgumentsContent() ?? '').trim().split(':')[0]!;
      if (name === 'root' || name === '0') {
        emit(DF_RULES.ROOT_USER, user.getRange().start, `stage:${final.label}/USER`, `Final stage ${final.label} runs as root (USER ${name})`, `Change USER ${name} to an unprivileged user (e.g. RUN useradd -r -u 10001 app, then USER 10001) as the last USER of stage ${final.label}`);
      }
      return;
    }
    const base: string | undefined = stage.image?.toLowerCase();
    const index: number = stage.index;
    stage = base === undefined ? undefined : file.stages.find((s) => s.name === base && s.index < index);
  }
  emit(DF_RULES.ROOT_USER, final.from.getRange().start, `stage:${final.label}/USER`, `Final stage ${final.label} has no USER instruction, so it runs as root`, `Add RUN useradd -r -u 10001 app and USER 10001 at the end of stage ${final.label}`);
}
