import { Module, type DynamicModule } from '@nestjs/common';
import { healthControllerFor } from '@tollgate/service-host';
import { SbomsController } from './http/sboms.controller';
import { SbomBuilderRuntime } from './sbom-builder.runtime';

@Module({})
export class SbomBuilderModule {
  static forRuntime(runtime: SbomBuilderRuntime): DynamicModule {
    return { module: SbomBuilderModule, controllers: [SbomsController, healthControllerFor(SbomBuilderRuntime)], providers: [{ provide: SbomBuilderRuntime, useValue: runtime }] };
  }
}
