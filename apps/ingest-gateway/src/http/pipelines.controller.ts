import { Controller, Get, Param } from '@nestjs/common';
import type { PipelineView } from '@tollgate/ingest';
import { GatewayRuntime } from '../gateway.runtime';

@Controller('v1/pipelines')
export class PipelinesController {
  constructor(private readonly runtime: GatewayRuntime) {}

  /** The run id is usually the Jenkins run URL, so clients URL-encode it. */
  @Get(':pipelineRunId')
  get(@Param('pipelineRunId') pipelineRunId: string): Promise<PipelineView> {
    return this.runtime.pipelines.get(pipelineRunId);
  }
}
