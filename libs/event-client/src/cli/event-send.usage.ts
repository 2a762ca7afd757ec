import { eventKeys } from '../event-options';
import { EXIT_STATUS, GATEWAY_OPTIONS } from './usage';

// Its own file: listing the event keys loads the events lib, which only `event send` needs.
export function eventSendUsage(): string {
  return `Usage: tollgate event send --type <key> --run-id <id> --subject-id <id> [options]

Posts one event, signed with the ingest source's HMAC secret, and prints
"accepted <id>" or "duplicate <id>". Pass --id to make a re-run of the same
step safe: the gateway answers "duplicate" instead of accepting it twice.

Options:
  --type <key>            event key, e.g. pipelinerun.started (or its CloudEvents type)
  --run-id <id>           pipeline run id (the CI run)
  --subject-id <id>       CDEvent subject id (a purl for artifacts)
  --content <json>        subject.content as a JSON object (default {})
  --content-file <path>   read subject.content from a file instead
  --artifact-digest <d>   sha256:<64 hex> of the artifact, once known
  --source <uri-ref>      event source (default /ci/tollgate-cli)
  --id <event-id>         event id (default: a random UUID)
  --traceparent <tp>      W3C traceparent of the build trace (env TRACEPARENT)
${GATEWAY_OPTIONS}
  --source-id <id>        ingest source id (env TOLLGATE_SOURCE_ID)
  --secret-file <path>    file holding the source's HMAC secret (env TOLLGATE_HMAC_SECRET_FILE)
  -h, --help              show this help

Event keys: ${eventKeys().join(', ')}

${EXIT_STATUS}
`;
}
