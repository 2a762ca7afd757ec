import { eventFromOptions } from '../event-options';
import { type Command } from './cli-io';
import { UsageError } from './cli.error';
import { gatewayClientFrom, GATEWAY_ARG_OPTIONS } from './gateway-options';
import { parseCommandArgs, required } from './parse-command-args';
import { eventSendUsage } from './event-send.usage';

/** `tollgate event send`: validate locally, then post once (with retries) and print the gateway's verdict. */
export const eventSend: Command = async (args, io, deps) => {
  const usage = eventSendUsage();
  const { values } = parseCommandArgs(
    args,
    {
      options: {
        type: { type: 'string' },
        'run-id': { type: 'string' },
        'subject-id': { type: 'string' },
        content: { type: 'string' },
        'content-file': { type: 'string' },
        'artifact-digest': { type: 'string' },
        source: { type: 'string' },
        id: { type: 'string' },
        traceparent: { type: 'string' },
        ...GATEWAY_ARG_OPTIONS,
      },
      allowPositionals: false,
    },
    usage,
  );
  const missing = (['type', 'run-id', 'subject-id'] as const).filter((name) => !values[name]);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}`, usage);
  const type = required(values.type, '--type', usage);
  const runId = required(values['run-id'], '--run-id', usage);
  const subjectId = required(values['subject-id'], '--subject-id', usage);
  // Build (and validate) before reading the secret or touching the network: bad input sends nothing.
  const event = await eventFromOptions({
    type,
    runId,
    subjectId,
    content: values.content,
    contentFile: values['content-file'],
    artifactDigest: values['artifact-digest'],
    source: values.source,
    id: values.id,
    traceparent: values.traceparent ?? (io.env.TRACEPARENT || undefined),
  });
  const client = await gatewayClientFrom(values, io, deps, usage, true);
  const result = await client.sendEvent(event);
  io.stdout.write(`${result.duplicate ? 'duplicate' : 'accepted'} ${result.id}\n`);
  return 0;
};
