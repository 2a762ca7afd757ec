import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from './http/health.controller';
import { SbomsController } from './http/sboms.controller';
import { SbomBuilderRuntime } from './sbom-builder.runtime';

@Module({})
export class SbomBuilderModule {
  static forRuntime(runtime: SbomBuilderRuntime): DynamicModule {
    return { module: SbomBuilderModule, controllers: [SbomsController, HealthController], providers: [{ provide: SbomBuilderRuntime, useValue: runtime }] };
  }
}
