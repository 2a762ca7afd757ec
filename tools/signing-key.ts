import { parseArgs } from 'node:util';
import { TransitKeyStore } from '@tollgate/credentials';
import { BROKER_OPERATOR_ENV_HELP, withBrokerStore } from './broker-operator';

const USAGE = `Usage: npm run signing-key -- <command> <key> [options]

Operator commands for the embedded backend's transit keys (with Vault, use Vault's
transit/keys/<key>/rotate and config endpoints instead):
  rotate <key>                  add version N+1; it signs from now on, older versions still verify
  retire <key> --below <N>      versions below N no longer sign or verify
  show <key>                    type, latest version and the live versions

${BROKER_OPERATOR_ENV_HELP}
`;

/** `npm run signing-key`: rotate or retire the broker's signing key, as an operator would during a key ceremony. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { below: { type: 'string' }, help: { type: 'boolean' } } });
  const [command, name] = positionals;
  if (values.help || !command || !name || !['rotate', 'retire', 'show'].includes(command)) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  return withBrokerStore(async (dataSource, kek) => {
    const keys = new TransitKeyStore(dataSource, kek);
    if (command === 'rotate') console.log(`[tollgate] ${name}: now signing with version ${await keys.rotateKey(name)}`);
    if (command === 'retire') {
      const below = Number(values.below);
      if (!Number.isInteger(below) || below < 1) throw new Error('retire needs --below <version>, a positive integer');
      await keys.setMinDecryptionVersion(name, below);
      console.log(`[tollgate] ${name}: versions below ${below} retired`);
    }
    const info = await keys.readKey(name);
    console.log(`[tollgate] ${name} (${info.type}): latest v${info.latestVersion}, live ${info.versions.map((v) => `v${v.version}`).join(', ')}`);
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[tollgate] signing-key failed: ${error.message}`);
    process.exit(1);
  },
);
