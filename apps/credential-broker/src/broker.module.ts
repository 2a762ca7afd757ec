import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerRuntime } from './broker.runtime';
import { CredentialsController } from './http/credentials.controller';
import { HealthController } from './http/health.controller';
import { TransitController } from './http/transit.controller';
import { WrappingController } from './http/wrapping.controller';

@Module({})
export class CredentialBrokerModule {
  static forRuntime(runtime: BrokerRuntime): DynamicModule {
    return {
      module: CredentialBrokerModule,
      controllers: [CredentialsController, WrappingController, TransitController, HealthController],
      providers: [{ provide: BrokerRuntime, useValue: runtime }],
    };
  }
}
