import { buildEvent } from '../build/build-event';
import { type TollgateEvent } from '../envelope/cloud-event.schema';
import { DIGEST, TRACEPARENT, legacyServiceDeployed, patched, pipelineRunStartedEvent } from '../testing/event-fixtures';
import { issuesOf, rejectionOf } from '../testing/expect-rejection';
import { decodeEvent, encodeEvent } from './event-codec';

describe('event codec', () => {
  describe(encodeEvent.name, () => {
    it('writes structured-mode CloudEvent JSON as UTF-8', () => {
      const event = pipelineRunStartedEvent();
      const json = JSON.parse(Buffer.from(encodeEvent(event)).toString('utf8')) as unknown;
      expect(json).toEqual(event);
    });

    it('refuses to encode an event that is not valid', () => {
      const broken = patched(pipelineRunStartedEvent(), 'traceparent', 'nope') as unknown as TollgateEvent;
      expect(issuesOf(() => encodeEvent(broken))).toEqual([
        { path: 'traceparent', expected: '00-<32 hex>-<16 hex>-<2 hex>', got: '"nope"' },
      ]);
    });
  });

  describe(decodeEvent.name, () => {
    it('round-trips build -> encode -> decode to an equal event', () => {
      const event = buildEvent('sbom.generated', {
        source: '/tollgate/sbom-builder',
        subjectId: `pkg:oci/payments-api@${DIGEST.replace(':', '%3A')}`,
        pipelineRunId: 'payments-api#42',
        artifactDigest: DIGEST,
        traceparent: TRACEPARENT,
        chainId: '0b3e2a9c-1a7f-4c55-9d7e-2f4c5a6b7c8d',
        content: { sbomDigest: DIGEST, format: 'cyclonedx', componentCount: 214, componentsByEcosystem: { npm: 200, deb: 14 }, artifactDigest: DIGEST },
      });
      expect(decodeEvent(encodeEvent(event))).toEqual(event);
    });

    it('accepts a string body and normalizes a v0.4.1 event', () => {
      expect(decodeEvent(JSON.stringify(legacyServiceDeployed())).type).toBe('dev.cdevents.service.deployed.0.3.0');
    });

    it('rejects a body that is not JSON without quoting it', () => {
      const error = rejectionOf(() => decodeEvent(Buffer.from('token=s3cr3t-value&x')));
      expect(error.issues.map(({ path, expected, got }) => ({ path, expected, got }))).toEqual([
        { path: '(body)', expected: 'JSON (structured CloudEvent)', got: 'invalid JSON (20 chars)' },
      ]);
      expect(error.message).not.toContain('s3cr3t');
    });

    it('rejects bytes that are not UTF-8', () => {
      expect(issuesOf(() => decodeEvent(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toEqual([
        { path: '(body)', expected: 'UTF-8 JSON', got: 'invalid UTF-8 (4 bytes)' },
      ]);
    });

    it('rejects JSON that is not an event object', () => {
      expect(issuesOf(() => decodeEvent('null'))).toEqual([{ path: '(root)', expected: 'object (structured CloudEvent)', got: 'null' }]);
    });
  });
});
