import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ScannerRunnerRuntime } from '../scanner-runner.runtime';

@Controller('v1')
export class AdvisoriesController {
  constructor(private readonly runtime: ScannerRunnerRuntime) {}

  /** One OSV advisory: stored, matched at once against every stored artifact; the affected ones are listed (and raised as vulnerability.detected). */
  @Post('advisories')
  @HttpCode(201)
  async ingest(@Body() body: unknown) {
    const result = await this.runtime.ingestAdvisory(JSON.stringify(body), 'POST /v1/advisories');
    return {
      id: result.id,
      outcome: result.outcome,
      affected: result.affected.map((a) => ({
        artifactDigest: a.artifact.artifactDigest,
        purl: a.artifact.purl,
        version: a.artifact.version,
        pipelineRunId: a.artifact.pipelineRunId,
        environments: a.artifact.environments,
        severity: a.match.severity,
        fixedVersions: a.match.fixedVersions,
        newlyRaised: a.firstTime,
      })),
    };
  }
}
