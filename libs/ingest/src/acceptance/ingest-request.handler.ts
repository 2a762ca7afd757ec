import { metrics } from '@opentelemetry/api';
import { IngestError } from '../ingest.error';
import type { RateLimiter } from '../auth/rate-limiter';
import type { RequestAuthenticator, Principal } from '../auth/request-authenticator';
import { parseCloudEventsRequest } from '../cloudevents/cloudevents-request.parser';
import { mapJenkinsNotification } from '../jenkins/jenkins-notification.mapper';
import { validateEvents, type AcceptEventsUseCase, type AcceptedEvent } from './accept-events.use-case';

export interface IngestHttpRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface IngestResult {
  /** 202 when anything new was accepted, 200 when every event was a duplicate. */
  status: 200 | 202;
  body: AcceptedEvent | { events: AcceptedEvent[] };
}

const requests = metrics.getMeter('@tollgate/ingest').createCounter('tollgate.ingest.requests', {
  description: 'Ingest requests by endpoint and outcome (accepted, duplicate, or the refusal code)',
});

async function counted(endpoint: string, work: () => Promise<IngestResult>): Promise<IngestResult> {
  try {
    const result = await work();
    requests.add(1, { endpoint, outcome: result.status === 202 ? 'accepted' : 'duplicate' });
    return result;
  } catch (error) {
    requests.add(1, { endpoint, outcome: error instanceof IngestError ? error.code : 'INTERNAL' });
    throw error;
  }
}

/**
 * The gateway's front door as one use case: authenticate, rate-limit per
 * source, parse and validate, accept. Nothing is written before every check
 * passes, so a refused request changes nothing.
 */
export class IngestRequestHandler {
  constructor(
    private readonly authenticator: RequestAuthenticator,
    private readonly rateLimiter: RateLimiter,
    private readonly acceptEvents: AcceptEventsUseCase,
  ) {}

  cloudEvents(request: IngestHttpRequest): Promise<IngestResult> {
    return counted('events', () => this.acceptCloudEvents(request));
  }

  jenkins(request: IngestHttpRequest): Promise<IngestResult> {
    return counted('jenkins', () => this.acceptJenkins(request));
  }

  private async acceptCloudEvents(request: IngestHttpRequest): Promise<IngestResult> {
    const principal = await this.authenticator.authenticate({ endpoint: 'events', ...request });
    const contentType = first(request.headers['content-type']);
    const parsed = parseCloudEventsRequest(contentType, request.headers, request.rawBody);
    this.limit(principal, parsed.events.length);
    const events = validateEvents(parsed.events);
    const accepted = await this.acceptEvents.accept(principal.source.id, events);
    const status = accepted.every((a) => a.duplicate) ? 200 : 202;
    return { status, body: parsed.mode === 'batch' ? { events: accepted } : accepted[0] };
  }

  private async acceptJenkins(request: IngestHttpRequest): Promise<IngestResult> {
    const principal = await this.authenticator.authenticate({ endpoint: 'jenkins', ...request });
    const contentType = (first(request.headers['content-type']) ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new IngestError('UNSUPPORTED_MEDIA_TYPE', `expected Content-Type application/json (the plugin's JSON format), got ${contentType || 'none'}`);
    }
    this.limit(principal, 1);
    let payload: unknown;
    try {
      payload = JSON.parse(request.rawBody.toString('utf8'));
    } catch (error) {
      throw new IngestError('EVENT_INVALID', `(body): expected JSON, got unparseable text (${(error as Error).message})`);
    }
    const event = mapJenkinsNotification(payload, {
      sourceId: principal.source.id,
      eventSource: principal.source.eventSource,
      jenkinsRootUrl: principal.source.jenkinsRootUrl,
    });
    const [accepted] = await this.acceptEvents.accept(principal.source.id, [event]);
    return { status: accepted.duplicate ? 200 : 202, body: accepted };
  }

  private limit(principal: Principal, cost: number): void {
    const retryAfterSeconds = this.rateLimiter.take(principal.source.id, principal.source.ratePerMinute, cost);
    if (retryAfterSeconds > 0) {
      throw new IngestError('RATE_LIMITED', `source ${principal.source.id} is over its rate of ${principal.source.ratePerMinute} events/minute`, {
        retryAfterSeconds,
      });
    }
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
