import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { buildEvent } from '@tollgate/events';
import { recordScan, SCANNER_SOURCE, scansOfRun, type StoredScan } from '@tollgate/scanner-service';
import { findingsFromSarif, findingsMarkdown, sarifOf, type SarifLog } from '@tollgate/scanning';
import { ScannerRunnerRuntime } from '../scanner-runner.runtime';
import { parseRequest } from '@tollgate/service-host';
import { pipelineRunQuery, sarifUploadSchema, scanRequestSchema } from './scanner-request';

/** Findings of a run (JSON, SARIF, pull-request Markdown), direct scans and SARIF uploads. */
@Controller('v1')
export class FindingsController {
  constructor(private readonly runtime: ScannerRunnerRuntime) {}

  @Get('findings')
  async findings(@Query() query: unknown): Promise<{ pipelineRunId: string; scans: StoredScan[] }> {
    const { pipelineRunId } = parseRequest(pipelineRunQuery, query);
    return { pipelineRunId, scans: await scansOfRun(this.runtime.dataSource.manager, pipelineRunId) };
  }

  /** Every completed scan's findings as one SARIF log (a run per scanner, including those that found nothing). */
  @Get('findings/sarif')
  @Header('content-type', 'application/sarif+json')
  async sarif(@Query() query: unknown): Promise<SarifLog> {
    const { pipelineRunId } = parseRequest(pipelineRunQuery, query);
    const scans = (await scansOfRun(this.runtime.dataSource.manager, pipelineRunId)).filter((s) => s.status === 'completed');
    return sarifOf(
      scans.flatMap((s) => s.findings),
      { toolName: 'tollgate', scanners: scans.map((s) => s.scanner) },
    );
  }

  /** A summary fit for a pull-request comment: counts, file:line links (to `linkBase`), the fix; failed scans named first. */
  @Get('findings/summary')
  @Header('content-type', 'text/markdown; charset=utf-8')
  async summary(@Query() query: unknown): Promise<string> {
    const { pipelineRunId, linkBase } = parseRequest(pipelineRunQuery, query);
    const scans = await scansOfRun(this.runtime.dataSource.manager, pipelineRunId);
    const failed = scans.filter((s) => s.status === 'failed').map((s) => `> **${s.scanner} did not complete** (${s.failure?.code}): ${s.failure?.reason}`);
    const markdown = findingsMarkdown(
      scans.flatMap((s) => s.findings),
      { ...(linkBase && { linkBase }), title: 'Tollgate scan' },
    );
    return [...failed, ...(failed.length ? [''] : []), markdown].join('\n');
  }

  /** Scans a commit now (the same as a pipeline-run event would), and answers with each scanner's outcome. */
  @Post('scans')
  @HttpCode(201)
  async scan(@Body() body: unknown) {
    const request = parseRequest(scanRequestSchema, body);
    const outcomes = await this.runtime.dataSource.transaction((manager) =>
      this.runtime.service.scanSource({ ...request, subjectId: request.repository }, { manager, outbox: this.runtime.outbox }),
    );
    return {
      scans: outcomes.map((o) => (o.status === 'completed' ? { scanner: o.scanner, kind: o.kind, status: o.status, findings: o.findings.length } : { scanner: o.scanner, kind: o.kind, status: o.status, failure: o.failure })),
    };
  }

  /** SARIF from a scanner run elsewhere (a CI step): stored as that scanner's scan of the run, published as scan.completed. */
  @Post('sarif')
  @HttpCode(201)
  async uploadSarif(@Body() body: unknown) {
    const upload = parseRequest(sarifUploadSchema, body);
    const findings = findingsFromSarif(upload.sarif, { scanner: upload.scanner, kind: upload.kind });
    return this.runtime.dataSource.transaction(async (manager) => {
      const outcome = { scanner: upload.scanner, kind: upload.kind, status: 'completed' as const, findings, sarif: JSON.stringify(upload.sarif) };
      const saved = await recordScan(manager, { pipelineRunId: upload.pipelineRunId, target: upload.target, outcome });
      if (saved.stored) {
        await this.runtime.outbox.add(
          manager,
          buildEvent('scan.completed', {
            source: SCANNER_SOURCE,
            subjectId: upload.target,
            pipelineRunId: upload.pipelineRunId,
            id: `scan:${saved.id}`,
            content: { scanner: upload.scanner, kind: upload.kind, findingCounts: saved.counts!, sarifDigest: saved.sarifDigest },
            customData: { scanId: saved.id, target: upload.target, uploaded: true },
          }),
        );
      }
      return { scanId: saved.id, stored: saved.stored, findings: findings.length, ...(saved.counts && { counts: saved.counts }) };
    });
  }
}
