import { Module, type DynamicModule } from '@nestjs/common';
import { healthControllerFor } from '@tollgate/service-host';
import { GatewayRuntime } from './gateway.runtime';
import { EventsController } from './http/events.controller';
import { PipelinesController } from './http/pipelines.controller';

@Module({})
export class IngestGatewayModule {
  static forRuntime(runtime: GatewayRuntime): DynamicModule {
    return {
      module: IngestGatewayModule,
      controllers: [EventsController, PipelinesController, healthControllerFor(GatewayRuntime)],
      providers: [{ provide: GatewayRuntime, useValue: runtime }],
    };
  }
}
