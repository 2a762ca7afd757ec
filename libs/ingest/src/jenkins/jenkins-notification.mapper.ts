import { createHash } from 'node:crypto';
import { buildEvent, toValidationIssues, type TollgateEvent } from '@tollgate/events';
import { IngestError } from '../ingest.error';
import { jenkinsNotificationSchema, type JenkinsNotification } from './jenkins-notification.schema';

export interface JenkinsSourceContext {
  sourceId: string;
  eventSource?: string;
  jenkinsRootUrl?: string;
}

type Outcome = 'success' | 'failure' | 'cancel' | 'error';

/**
 * UNSTABLE means tests failed: for a regulated build that is a failure, not
 * the "success" some plugins report. ABORTED and NOT_BUILT did not run to the end.
 */
export function outcomeOf(status: JenkinsNotification['build']['status']): Outcome {
  switch (status) {
    case 'SUCCESS':
      return 'success';
    case 'UNSTABLE':
    case 'FAILURE':
      return 'failure';
    case 'ABORTED':
    case 'NOT_BUILT':
      return 'cancel';
    case undefined:
      return 'error';
  }
}

/** The plugin sends no event id and may send a phase up to four times: derive one. */
export function jenkinsEventId(runUrl: string, number: number, phase: string): string {
  const hex = createHash('sha256').update(`${runUrl}|${number}|${phase}`).digest('hex');
  return `jenkins-${hex.slice(0, 40)}`;
}

function runUrlOf(n: JenkinsNotification, ctx: JenkinsSourceContext): string {
  if (n.build.full_url) return n.build.full_url;
  if (ctx.jenkinsRootUrl) return new URL(n.build.url, ctx.jenkinsRootUrl.endsWith('/') ? ctx.jenkinsRootUrl : `${ctx.jenkinsRootUrl}/`).toString();
  throw new IngestError('EVENT_INVALID', 'build.full_url: expected an absolute run URL, got undefined', {
    issues: [
      {
        path: 'build.full_url',
        expected: 'absolute URL (set the Jenkins root URL, or jenkinsRootUrl for this source)',
        got: 'undefined',
        message: 'Jenkins sent only a relative run URL',
      },
    ],
  });
}

/** `job/folder/job/app/` → `folder/app` */
function pipelineNameOf(n: JenkinsNotification): string {
  const parts = n.url.split('/').filter((p, i, all) => p && !(p === 'job' && i % 2 === 0 && all[i + 1]));
  return parts.length > 0 ? parts.join('/') : n.name;
}

/** Maps one Notification plugin payload to the CDEvent it stands for. */
export function mapJenkinsNotification(input: unknown, ctx: JenkinsSourceContext): TollgateEvent {
  const parsed = jenkinsNotificationSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const issues = toValidationIssues(parsed.error.issues);
    throw new IngestError('EVENT_INVALID', `invalid Jenkins notification: ${issues.map((i) => `${i.path}: expected ${i.expected}, got ${i.got}`).join('; ')}`, { issues });
  }
  const n = parsed.data;
  const runUrl = runUrlOf(n, ctx);
  const pipelineName = pipelineNameOf(n);
  const common = {
    id: jenkinsEventId(runUrl, n.build.number, n.build.phase),
    source: ctx.eventSource ?? `/ci/${ctx.sourceId}`,
    pipelineRunId: runUrl,
    time: new Date(n.build.timestamp),
  };
  const customData = {
    jenkins: {
      number: n.build.number,
      phase: n.build.phase,
      ...(n.build.status ? { status: n.build.status } : {}),
      ...(n.build.queue_id !== undefined ? { queueId: n.build.queue_id } : {}),
      ...(n.build.duration !== undefined ? { durationMs: n.build.duration } : {}),
      ...(n.build.scm ? { scm: { url: n.build.scm.url, branch: n.build.scm.branch, commit: n.build.scm.commit } } : {}),
      ...(n.build.test_summary ? { testSummary: n.build.test_summary } : {}),
      ...(n.build.artifacts ? { artifacts: Object.keys(n.build.artifacts).sort() } : {}),
    },
  };

  switch (n.build.phase) {
    case 'QUEUED':
      return buildEvent('pipelinerun.queued', { ...common, subjectId: runUrl, content: { pipelineName, uri: runUrl }, customData });
    case 'STARTED':
      return buildEvent('pipelinerun.started', { ...common, subjectId: runUrl, content: { pipelineName, uri: runUrl }, customData });
    case 'COMPLETED': {
      // The build's steps are done; post-build actions (archiving) still run until FINALIZED.
      const outcome = outcomeOf(n.build.status);
      return buildEvent('taskrun.finished', {
        ...common,
        subjectId: `${runUrl}#build`,
        content: { taskName: 'jenkins-build', uri: runUrl, pipelineRun: { id: runUrl }, outcome, ...(outcome === 'success' ? {} : { errors: `Jenkins result ${n.build.status ?? 'unknown'}` }) },
        customData,
      });
    }
    case 'FINALIZED': {
      const outcome = outcomeOf(n.build.status);
      return buildEvent('pipelinerun.finished', {
        ...common,
        subjectId: runUrl,
        content: { pipelineName, uri: runUrl, outcome, ...(outcome === 'success' ? {} : { errors: `Jenkins result ${n.build.status ?? 'unknown'}` }) },
        customData,
      });
    }
  }
}
