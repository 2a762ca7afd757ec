import { Module, type DynamicModule } from '@nestjs/common';
import { AttestationsController } from './http/attestations.controller';
import { HealthController } from './http/health.controller';
import { SignerRuntime } from './signer.runtime';

@Module({})
export class SignerModule {
  static forRuntime(runtime: SignerRuntime): DynamicModule {
    return { module: SignerModule, controllers: [AttestationsController, HealthController], providers: [{ provide: SignerRuntime, useValue: runtime }] };
  }
}
