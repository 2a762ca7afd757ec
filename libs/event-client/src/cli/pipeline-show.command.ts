import { type Command } from './cli-io';
import { UsageError } from './cli.error';
import { gatewayClientFrom, GATEWAY_ARG_OPTIONS } from './gateway-options';
import { parseCommandArgs } from './parse-command-args';
import { PIPELINE_USAGE } from './usage';

/** `tollgate pipeline show <run-id>`: print the gateway's view of one run as indented JSON. */
export const pipelineShow: Command = async (args, io, deps) => {
  const { values, positionals } = parseCommandArgs(args, { options: GATEWAY_ARG_OPTIONS, allowPositionals: true }, PIPELINE_USAGE);
  if (positionals.length !== 1 || positionals[0] === '') {
    throw new UsageError(positionals.length === 0 ? 'missing <run-id>' : 'expected exactly one <run-id>', PIPELINE_USAGE);
  }
  const client = await gatewayClientFrom(values, io, deps, PIPELINE_USAGE, false);
  const view = await client.getPipeline(positionals[0]);
  io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
  return 0;
};
