import { type IngestError } from '../ingest.error';
import { parseCloudEventsRequest } from './cloudevents-request.parser';

describe(parseCloudEventsRequest.name, () => {
  it('reads binary mode from percent-encoded ce-* headers with the body as data', () => {
    const parsed = parseCloudEventsRequest(
      'application/json; charset=utf-8',
      { 'ce-specversion': '1.0', 'ce-id': 'e1', 'ce-subject': 'a%20b%25', 'content-type': 'application/json' },
      Buffer.from('{"x":1}'),
    );
    expect(parsed).toEqual({
      mode: 'binary',
      events: [{ specversion: '1.0', id: 'e1', subject: 'a b%', datacontenttype: 'application/json', data: { x: 1 } }],
    });
  });

  it('refuses an empty batch, an array in structured mode and an unknown media type with precise reasons', () => {
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return `${(e as IngestError).code}: ${(e as Error).message}`;
      }
      return undefined;
    };
    expect(codeOf(() => parseCloudEventsRequest('application/cloudevents-batch+json', {}, Buffer.from('[]')))).toBe(
      'EVENT_INVALID: (body): expected at least one event, got an empty batch',
    );
    expect(codeOf(() => parseCloudEventsRequest('application/cloudevents+json', {}, Buffer.from('[{}]')))).toContain('got array');
    expect(codeOf(() => parseCloudEventsRequest('text/plain', {}, Buffer.from('x')))).toContain('UNSUPPORTED_MEDIA_TYPE');
    expect(codeOf(() => parseCloudEventsRequest('application/cloudevents+json', {}, Buffer.from('{nope')))).toContain('(body): expected JSON');
  });
});
