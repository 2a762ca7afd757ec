import { type Finding } from '../../findings/finding';
import { checkIam } from './tf-iam.rules';
import { checkLogging } from './tf-logging.rules';
import { type TfModule } from './tf-model';
import { checkSecurityGroups } from './tf-network.rules';
import { checkProviders } from './tf-provider.rules';
import { checkS3 } from './tf-s3.rules';
import { checkStorage } from './tf-storage.rules';

/** Every Terraform rule over one module (a directory of `.tf` files, or one plan). */
export function scanTerraformModule(module: TfModule): Finding[] {
  return [...checkS3(module), ...checkIam(module), ...checkSecurityGroups(module), ...checkStorage(module), ...checkLogging(module), ...checkProviders(module)];
}

/** The files of one directory form one module: a bucket and its public access block may live in different files. */
export function mergeModules(modules: readonly TfModule[]): TfModule {
  return { resources: modules.flatMap((m) => m.resources), providers: modules.flatMap((m) => m.providers) };
}
