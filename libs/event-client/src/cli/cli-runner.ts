import { GatewayError } from '../gateway.error';
import { type CliDeps, type CliIo, type Command } from './cli-io';
import { BrokerRefusedError, CliInputError, UsageError, errorMessage } from './cli.error';
import { wantsHelp } from './parse-command-args';
import { AUDIT_USAGE, CREDENTIALS_USAGE, EVENT_USAGE, MAIN_USAGE, PIPELINE_USAGE, SOURCE_USAGE } from './usage';

/** A command is loaded only when run, so `tollgate --help` or a fast command never loads TypeORM or the HTTP client. */
export interface CommandEntry {
  load: () => Promise<Command>;
  usage: () => string | Promise<string>;
}

export interface CommandGroup {
  usage: string;
  commands: Record<string, CommandEntry>;
  /** A command with no sub-command (`tollgate verify <digest> …`): every argument goes to it. */
  run?: CommandEntry;
}

const GROUPS: Record<string, CommandGroup> = {
  audit: { usage: AUDIT_USAGE, commands: { verify: { load: async () => (await import('./audit-verify.command')).auditVerify, usage: () => AUDIT_USAGE } } },
  credentials: {
    usage: CREDENTIALS_USAGE,
    commands: { exchange: { load: async () => (await import('./credentials-exchange.command')).credentialsExchange, usage: () => CREDENTIALS_USAGE } },
  },
  event: { usage: EVENT_USAGE, commands: { send: { load: async () => (await import('./event-send.command')).eventSend, usage: async () => (await import('./event-send.usage')).eventSendUsage() } } },
  pipeline: {
    usage: PIPELINE_USAGE,
    commands: { show: { load: async () => (await import('./pipeline-show.command')).pipelineShow, usage: () => PIPELINE_USAGE } },
  },
  source: {
    usage: SOURCE_USAGE,
    commands: { 'hash-password': { load: async () => (await import('./source-hash-password.command')).sourceHashPassword, usage: () => SOURCE_USAGE } },
  },
};

function usageError(io: CliIo, message: string, usage: string): number {
  io.stderr.write(`tollgate: ${message}\n\n${usage}`);
  return 2;
}

// Exit 2: nothing was sent (usage or input). Exit 1: the gateway said no or
// could not be reached. Messages come from our own errors and the server's
// answer; none of them is built from the secret.
function report(io: CliIo, err: unknown): number {
  if (err instanceof UsageError) return usageError(io, err.message, err.usage);
  // Other libs' commands (sbom) report bad usage with their own error carrying the usage text.
  if (err instanceof Error && err.name.endsWith('UsageError') && typeof (err as { usage?: unknown }).usage === 'string') return usageError(io, err.message, (err as unknown as { usage: string }).usage);
  // By name, like EventValidationError below: importing the class would load the event schemas into every command.
  if (err instanceof CliInputError || (err instanceof Error && err.name === 'EventOptionsError')) {
    io.stderr.write(`tollgate: ${err.message}\n`);
    return 2;
  }
  // Checked by name: importing the events lib here would load it for every command.
  if (err instanceof Error && err.name === 'EventValidationError') {
    io.stderr.write(`tollgate: the event is invalid, nothing was sent:\n${(err as Error & { issues: { message: string }[] }).issues.map((i) => `  ${i.message}\n`).join('')}`);
    return 2;
  }
  if (err instanceof GatewayError || err instanceof BrokerRefusedError) {
    io.stderr.write(`tollgate: ${err.message}\n`);
    return 1;
  }
  io.stderr.write(`tollgate: unexpected error: ${errorMessage(err)}\n`);
  return 1;
}

/** Runs one `tollgate` command line; resolves to the exit status and never rejects. `extraGroups` are command groups other libs contribute (the CLI app wires them). */
export async function run(argv: readonly string[], io: CliIo, deps: CliDeps = {}, extraGroups: Record<string, CommandGroup> = {}): Promise<number> {
  const groups: Record<string, CommandGroup> = { ...GROUPS, ...extraGroups };
  const [groupName, commandName, ...rest] = argv;
  if (groupName === undefined) return usageError(io, 'missing command', MAIN_USAGE);
  if (groupName === '--help' || groupName === '-h' || groupName === 'help') {
    io.stdout.write(MAIN_USAGE);
    return 0;
  }
  const group = Object.hasOwn(groups, groupName) ? groups[groupName] : undefined;
  if (!group) return usageError(io, `unknown command ${JSON.stringify(groupName)}`, MAIN_USAGE);
  if (group.run) return runCommand(io, deps, group.run, argv.slice(1));
  if (commandName === undefined) return usageError(io, `missing ${groupName} command`, group.usage);
  if (commandName === '--help' || commandName === '-h') {
    io.stdout.write(group.usage);
    return 0;
  }
  const command = Object.hasOwn(group.commands, commandName) ? group.commands[commandName] : undefined;
  if (!command) return usageError(io, `unknown command ${JSON.stringify(`${groupName} ${commandName}`)}`, group.usage);
  return runCommand(io, deps, command, rest);
}

async function runCommand(io: CliIo, deps: CliDeps, command: CommandEntry, args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout.write(await command.usage());
    return 0;
  }
  try {
    return await (await command.load())([...args], io, deps);
  } catch (err) {
    return report(io, err);
  }
}
