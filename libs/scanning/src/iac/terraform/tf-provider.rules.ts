import { type Finding } from '../../findings/finding';
import { TF_RULES } from './terraform-rule-catalogue';
import { tfFinding } from './tf-finding';
import { str, type TfModule } from './tf-model';

const CREDENTIAL_ATTRIBUTES = ['access_key', 'secret_key', 'token', 'password', 'client_secret', 'api_key', 'api_token'];

/** TG-TF-020: a literal credential in a provider block. The message names the attribute, never the value. */
export function checkProviders(module: TfModule): Finding[] {
  return module.providers.flatMap((provider) =>
    CREDENTIAL_ATTRIBUTES.flatMap((attribute) => {
      const literal = str(provider.values[attribute]);
      if (literal === undefined || literal.trim() === '') return [];
      return [
        tfFinding({
          rule: TF_RULES.PROVIDER_CREDENTIALS, block: provider, attribute, address: `provider.${provider.name}.${attribute}`,
          message: `Provider "${provider.name}" has a hard-coded ${attribute}`,
          fix: `Remove ${attribute} from provider "${provider.name}", rotate the credential, and let the provider read short-lived credentials from the environment`,
        }),
      ];
    }),
  );
}
