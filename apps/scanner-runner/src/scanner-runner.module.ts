import { Module, type DynamicModule } from '@nestjs/common';
import { AdvisoriesController } from './http/advisories.controller';
import { FindingsController } from './http/findings.controller';
import { HealthController } from './http/health.controller';
import { ScannerRunnerRuntime } from './scanner-runner.runtime';

@Module({})
export class ScannerRunnerModule {
  static forRuntime(runtime: ScannerRunnerRuntime): DynamicModule {
    return { module: ScannerRunnerModule, controllers: [FindingsController, AdvisoriesController, HealthController], providers: [{ provide: ScannerRunnerRuntime, useValue: runtime }] };
  }
}
