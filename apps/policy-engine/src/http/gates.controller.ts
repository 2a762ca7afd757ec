import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { createWaiver, allWaivers } from '@tollgate/gate-service';
import { evaluate, parseEvidence, parseWaiver, type Decision, type Waiver } from '@tollgate/policy';
import { PolicyEngineRuntime } from '../policy-engine.runtime';
import { parseRequest } from '@tollgate/service-host';
import { evaluateRequestSchema, waiverRequestSchema } from './policy-request';

interface GateRow {
  artifact_digest: string;
  subject_id: string;
  status: string;
  opened_at: Date;
  deadline_at: Date;
  decided_at: Date | null;
  decision: Decision | null;
  late_events: number;
}

@Controller('v1')
export class GatesController {
  constructor(private readonly runtime: PolicyEngineRuntime) {}

  /** Every artifact gate of a run: open (with its deadline) or decided (with the whole decision). */
  @Get('gates/:pipelineRunId')
  async gates(@Param('pipelineRunId') pipelineRunId: string) {
    const rows = (await this.runtime.dataSource.query('SELECT * FROM gate WHERE pipeline_run_id = $1 ORDER BY opened_at, artifact_digest', [pipelineRunId])) as GateRow[];
    if (rows.length === 0) throw new NotFoundException(`no gate for pipeline run ${pipelineRunId}`);
    return {
      pipelineRunId,
      gates: rows.map((r) => ({
        artifactDigest: r.artifact_digest,
        subjectId: r.subject_id,
        status: r.status,
        openedAt: r.opened_at.toISOString(),
        deadlineAt: r.deadline_at.toISOString(),
        ...(r.decided_at && { decidedAt: r.decided_at.toISOString() }),
        lateEvents: r.late_events,
        ...(r.decision && { decision: r.decision }),
      })),
    };
  }

  /** Dry run of the active pack over supplied evidence: nothing stored, nothing published. */
  @Post('gates/evaluate')
  @HttpCode(200)
  evaluate(@Body() body: unknown): Decision {
    const request = parseRequest(evaluateRequestSchema, body);
    const evidence = parseEvidence(request.evidence);
    const waivers: Waiver[] = request.waivers.map((w) => parseWaiver(w));
    return evaluate(this.runtime.packs.current(), evidence, { now: request.now ? new Date(request.now) : new Date(), waivers });
  }

  @Get('policy')
  policy() {
    const pack = this.runtime.packs.current();
    return { ...pack.pin, description: pack.description, deadlineSeconds: pack.deadlineSeconds, rules: pack.rules.map((r) => ({ id: r.id, severity: r.severity, blocking: r.blocking, description: r.description })) };
  }

  /** Files a waiver; its creation is an entry of the decision log. */
  @Post('waivers')
  @HttpCode(201)
  async createWaiver(@Body() body: unknown): Promise<Waiver> {
    const request = parseRequest(waiverRequestSchema, body);
    return this.runtime.dataSource.transaction((manager) => createWaiver(manager, this.runtime.audit, request, new Date()));
  }

  @Get('waivers')
  async waivers(): Promise<{ waivers: Waiver[] }> {
    return { waivers: await allWaivers(this.runtime.dataSource.manager) };
  }
}
