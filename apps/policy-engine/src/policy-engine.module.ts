import { Module, type DynamicModule } from '@nestjs/common';
import { GatesController } from './http/gates.controller';
import { HealthController } from './http/health.controller';
import { PolicyEngineRuntime } from './policy-engine.runtime';

@Module({})
export class PolicyEngineModule {
  static forRuntime(runtime: PolicyEngineRuntime): DynamicModule {
    return { module: PolicyEngineModule, controllers: [GatesController, HealthController], providers: [{ provide: PolicyEngineRuntime, useValue: runtime }] };
  }
}
