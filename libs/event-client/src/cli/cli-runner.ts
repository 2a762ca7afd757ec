import { EventValidationError } from '@tollgate/events';
import { EventOptionsError } from '../event-options.error';
import { GatewayError } from '../gateway.error';
import { auditVerify } from './audit-verify.command';
import { BrokerRefusedError, credentialsExchange } from './credentials-exchange.command';
import { type CliDeps, type CliIo, type Command } from './cli-io';
import { CliInputError, UsageError, errorMessage } from './cli.error';
import { eventSend } from './event-send.command';
import { wantsHelp } from './parse-command-args';
import { pipelineShow } from './pipeline-show.command';
import { sourceHashPassword } from './source-hash-password.command';
import { AUDIT_USAGE, CREDENTIALS_USAGE, EVENT_USAGE, MAIN_USAGE, PIPELINE_USAGE, SOURCE_USAGE, eventSendUsage } from './usage';

interface Group {
  usage: string;
  commands: Record<string, { run: Command; usage: () => string }>;
}

const GROUPS: Record<string, Group> = {
  audit: { usage: AUDIT_USAGE, commands: { verify: { run: auditVerify, usage: () => AUDIT_USAGE } } },
  credentials: { usage: CREDENTIALS_USAGE, commands: { exchange: { run: credentialsExchange, usage: () => CREDENTIALS_USAGE } } },
  event: { usage: EVENT_USAGE, commands: { send: { run: eventSend, usage: eventSendUsage } } },
  pipeline: {
    usage: PIPELINE_USAGE,
    commands: { show: { run: pipelineShow, usage: () => PIPELINE_USAGE } },
  },
  source: {
    usage: SOURCE_USAGE,
    commands: { 'hash-password': { run: sourceHashPassword, usage: () => SOURCE_USAGE } },
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
  if (err instanceof EventOptionsError || err instanceof CliInputError) {
    io.stderr.write(`tollgate: ${err.message}\n`);
    return 2;
  }
  if (err instanceof EventValidationError) {
    io.stderr.write(`tollgate: the event is invalid, nothing was sent:\n${err.issues.map((i) => `  ${i.message}\n`).join('')}`);
    return 2;
  }
  if (err instanceof GatewayError || err instanceof BrokerRefusedError) {
    io.stderr.write(`tollgate: ${err.message}\n`);
    return 1;
  }
  io.stderr.write(`tollgate: unexpected error: ${errorMessage(err)}\n`);
  return 1;
}

/** Runs one `tollgate` command line; resolves to the exit status and never rejects. */
export async function run(argv: readonly string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  const [groupName, commandName, ...rest] = argv;
  if (groupName === undefined) return usageError(io, 'missing command', MAIN_USAGE);
  if (groupName === '--help' || groupName === '-h' || groupName === 'help') {
    io.stdout.write(MAIN_USAGE);
    return 0;
  }
  const group = Object.hasOwn(GROUPS, groupName) ? GROUPS[groupName] : undefined;
  if (!group) return usageError(io, `unknown command ${JSON.stringify(groupName)}`, MAIN_USAGE);
  if (commandName === undefined) return usageError(io, `missing ${groupName} command`, group.usage);
  if (commandName === '--help' || commandName === '-h') {
    io.stdout.write(group.usage);
    return 0;
  }
  const command = Object.hasOwn(group.commands, commandName) ? group.commands[commandName] : undefined;
  if (!command) return usageError(io, `unknown command ${JSON.stringify(`${groupName} ${commandName}`)}`, group.usage);
  if (wantsHelp(rest)) {
    io.stdout.write(command.usage());
    return 0;
  }
  try {
    return await command.run([...rest], io, deps);
  } catch (err) {
    return report(io, err);
  }
}
