// Shared-library step: posts one Tollgate event through the `tollgate` CLI,
// signed with this Jenkins source's HMAC secret, and fails the stage with the
// CLI's reason when the gateway does not accept it. Help: tollgateEvent.txt.
import groovy.json.JsonOutput
import groovy.transform.Field
import java.security.MessageDigest

// Values reach the shell only as environment variables, never interpolated
// into the script, so quotes or `$` in them cannot change the command. The
// shebang stops Jenkins from adding `-x`, which would echo every argument.
@Field static final String SEND_SCRIPT = '''#!/bin/sh
set -- event send \
  --type "$TOLLGATE_EVENT_TYPE" \
  --run-id "$TOLLGATE_RUN_ID" \
  --subject-id "$TOLLGATE_SUBJECT_ID" \
  --id "$TOLLGATE_EVENT_ID" \
  --url "$TOLLGATE_URL" \
  --source-id "$TOLLGATE_SOURCE_ID" \
  --secret-file "$TOLLGATE_HMAC_SECRET_FILE"
if [ -n "$TOLLGATE_EVENT_CONTENT" ]; then set -- "$@" --content "$TOLLGATE_EVENT_CONTENT"; fi
if [ -n "$TOLLGATE_EVENT_CONTENT_FILE" ]; then set -- "$@" --content-file "$TOLLGATE_EVENT_CONTENT_FILE"; fi
if [ -n "$TOLLGATE_ARTIFACT_DIGEST" ]; then set -- "$@" --artifact-digest "$TOLLGATE_ARTIFACT_DIGEST"; fi
if [ -n "$TOLLGATE_EVENT_SOURCE" ]; then set -- "$@" --source "$TOLLGATE_EVENT_SOURCE"; fi
if [ -n "$TOLLGATE_RETRIES" ]; then set -- "$@" --retries "$TOLLGATE_RETRIES"; fi
# TOLLGATE_CLI is unquoted on purpose: it may be a command with arguments (npx tollgate).
$TOLLGATE_CLI "$@" 2>"$TOLLGATE_ERR_FILE"
rc=$?
cat "$TOLLGATE_ERR_FILE" >&2
if [ "$rc" -eq 0 ]; then rm -f "$TOLLGATE_ERR_FILE"; fi
exit "$rc"
'''

def call(Map args = [:]) {
  String type = args.type
  if (!type) {
    error('tollgateEvent: type is required, e.g. tollgateEvent(type: \'pipelinerun.started\', ...)')
  }
  String runId = args.runId ?: env.BUILD_URL
  if (!runId) {
    error('tollgateEvent: BUILD_URL is empty; set the Jenkins URL (Manage Jenkins > System) or pass runId')
  }
  String gatewayUrl = args.url ?: env.TOLLGATE_URL
  String sourceId = args.sourceId ?: env.TOLLGATE_SOURCE_ID
  if (!gatewayUrl || !sourceId) {
    error('tollgateEvent: set TOLLGATE_URL and TOLLGATE_SOURCE_ID in the pipeline\'s environment (or pass url and sourceId)')
  }
  if (args.content != null && args.contentFile) {
    error('tollgateEvent: pass content or contentFile, not both')
  }
  String subjectId = args.subjectId ?: runId
  String content = args.content == null ? '' : (args.content instanceof CharSequence ? args.content.toString() : JsonOutput.toJson(args.content))
  String credentialsId = args.credentialsId ?: env.TOLLGATE_HMAC_CREDENTIALS_ID ?: 'tollgate-hmac-secret'
  String errFile = "${pwd(tmp: true)}/tollgate-event-${UUID.randomUUID()}.err"

  List<String> stepEnv = [
    "TOLLGATE_CLI=${args.cli ?: env.TOLLGATE_CLI ?: 'tollgate'}",
    "TOLLGATE_EVENT_TYPE=${type}",
    "TOLLGATE_URL=${gatewayUrl}",
    "TOLLGATE_SOURCE_ID=${sourceId}",
    "TOLLGATE_RUN_ID=${runId}",
    "TOLLGATE_SUBJECT_ID=${subjectId}",
    "TOLLGATE_EVENT_ID=${args.id ?: defaultEventId(runId, type, subjectId)}",
    "TOLLGATE_EVENT_CONTENT=${content}",
    "TOLLGATE_EVENT_CONTENT_FILE=${args.contentFile ?: ''}",
    "TOLLGATE_ARTIFACT_DIGEST=${args.artifactDigest ?: ''}",
    "TOLLGATE_EVENT_SOURCE=${args.source ?: env.TOLLGATE_EVENT_SOURCE ?: ''}",
    "TOLLGATE_RETRIES=${args.retries == null ? '' : args.retries}",
    "TOLLGATE_ERR_FILE=${errFile}",
  ]
  int status = 0
  withCredentials([file(credentialsId: credentialsId, variable: 'TOLLGATE_HMAC_SECRET_FILE')]) {
    withEnv(stepEnv) {
      status = sh(script: SEND_SCRIPT, returnStatus: true, label: "tollgate event send --type ${type}")
    }
  }
  if (status != 0) {
    String reason = fileExists(errFile) ? readFile(errFile).trim() : ''
    withEnv(["TOLLGATE_ERR_FILE=${errFile}"]) {
      sh(script: '#!/bin/sh\nrm -f "$TOLLGATE_ERR_FILE"', label: 'remove tollgate error file')
    }
    error("tollgate event ${type} was not accepted (exit ${status}): ${reason ?: 'the CLI printed no reason'}")
  }
}

// The same step for the same run and subject always sends the same event id, so
// replaying a stage (or a resumed build) is deduplicated by the gateway instead
// of counted twice.
@NonCPS
private String defaultEventId(String runId, String type, String subjectId) {
  byte[] digest = MessageDigest.getInstance('SHA-256').digest("${runId}|${type}|${subjectId}".toString().getBytes('UTF-8'))
  return 'jenkins-step-' + digest.encodeHex().toString().substring(0, 40)
}
