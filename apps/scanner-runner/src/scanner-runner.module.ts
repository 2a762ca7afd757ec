import { Module, type DynamicModule } from '@nestjs/common';
import { healthControllerFor } from '@tollgate/service-host';
import { AdvisoriesController } from './http/advisories.controller';
import { FindingsController } from './http/findings.controller';
import { ScannerRunnerRuntime } from './scanner-runner.runtime';

@Module({})
export class ScannerRunnerModule {
  static forRuntime(runtime: ScannerRunnerRuntime): DynamicModule {
    return { module: ScannerRunnerModule, controllers: [FindingsController, AdvisoriesController, healthControllerFor(ScannerRunnerRuntime)], providers: [{ provide: ScannerRunnerRuntime, useValue: runtime }] };
  }
}
