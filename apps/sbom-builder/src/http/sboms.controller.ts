import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { currentTraceparent } from '@tollgate/telemetry';
import type { ComponentMatches } from '@tollgate/sbom-store';
import type { SbomOutcome } from '@tollgate/sbom-service';
import { SbomBuilderRuntime } from '../sbom-builder.runtime';
import { buildRequestSchema, parseBody, SbomRequestError } from './sbom-request';

const MEDIA_TYPES = { cyclonedx: 'application/vnd.cyclonedx+json; version=1.6', spdx: 'application/spdx+json' } as const;

@Controller('v1')
export class SbomsController {
  constructor(private readonly runtime: SbomBuilderRuntime) {}

  /**
   * Which stored artifacts contain a component, optionally in a version range of its ecosystem's ordering.
   * A deb/apk source package (`pkg:deb/debian/glibc`) also finds the binaries built from it, ranged by `sourceVersion`.
   */
  @Get('components')
  async components(@Query('purl') purl: string | undefined, @Query('range') range: string | undefined): Promise<ComponentMatches & { purl: string; range?: string }> {
    if (!purl) throw new SbomRequestError(400, 'missing query parameter purl, e.g. ?purl=pkg:npm/lodash&range=<4.17.21');
    const found = await this.runtime.service.sbomStore.findArtifactsContaining(this.runtime.dataSource.manager, purl, range);
    return { purl, ...(range !== undefined && { range }), ...found };
  }

  @Get('artifacts/:digest/sbom')
  async sbom(@Param('digest') digest: string, @Query('format') format: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const wanted = format ?? 'cyclonedx';
    if (wanted !== 'cyclonedx' && wanted !== 'spdx') throw new SbomRequestError(400, `format must be cyclonedx or spdx, got ${JSON.stringify(wanted)}`);
    const document = await this.runtime.service.sbomStore.getDocument(this.runtime.dataSource.manager, digest, wanted);
    if (document === undefined) throw new SbomRequestError(404, `no SBOM stored for artifact ${digest}`);
    void reply.header('content-type', MEDIA_TYPES[wanted]).send(document);
  }

  /** Builds, stores once and publishes sbom.generated, as artifact.packaged would. 201 when stored, 200 when the artifact had one. */
  @Post('sboms')
  @HttpCode(201)
  async build(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<SbomOutcome> {
    const input = parseBody(buildRequestSchema, body);
    const request = {
      source: input.source,
      subject: { digest: input.artifactDigest, ...(input.name && { name: input.name }), ...('image' in input.source && { type: 'container' as const }) },
      pipelineRunId: input.pipelineRunId,
      timestamp: new Date(),
      traceparent: currentTraceparent(),
      sourceCommit: 'commit' in input.source ? input.source.commit : undefined,
    };
    const built = await this.runtime.service.build(request);
    const outcome = await this.runtime.dataSource.transaction((m) => this.runtime.service.store(m, this.runtime.outbox, request, built));
    if (!outcome.stored) void reply.status(200);
    return outcome;
  }
}
