import { Module, type DynamicModule } from '@nestjs/common';
import { GatewayRuntime } from './gateway.runtime';
import { EventsController } from './http/events.controller';
import { HealthController } from './http/health.controller';
import { PipelinesController } from './http/pipelines.controller';

@Module({})
export class IngestGatewayModule {
  static forRuntime(runtime: GatewayRuntime): DynamicModule {
    return {
      module: IngestGatewayModule,
      controllers: [EventsController, PipelinesController, HealthController],
      providers: [{ provide: GatewayRuntime, useValue: runtime }],
    };
  }
}
