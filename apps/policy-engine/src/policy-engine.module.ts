import { Module, type DynamicModule } from '@nestjs/common';
import { healthControllerFor } from '@tollgate/service-host';
import { GatesController } from './http/gates.controller';
import { PolicyEngineRuntime } from './policy-engine.runtime';

@Module({})
export class PolicyEngineModule {
  static forRuntime(runtime: PolicyEngineRuntime): DynamicModule {
    return { module: PolicyEngineModule, controllers: [GatesController, healthControllerFor(PolicyEngineRuntime)], providers: [{ provide: PolicyEngineRuntime, useValue: runtime }] };
  }
}
