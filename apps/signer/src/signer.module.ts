import { Module, type DynamicModule } from '@nestjs/common';
import { healthControllerFor } from '@tollgate/service-host';
import { AttestationsController } from './http/attestations.controller';
import { SignerRuntime } from './signer.runtime';

@Module({})
export class SignerModule {
  static forRuntime(runtime: SignerRuntime): DynamicModule {
    return { module: SignerModule, controllers: [AttestationsController, healthControllerFor(SignerRuntime)], providers: [{ provide: SignerRuntime, useValue: runtime }] };
  }
}
