import type { CommandGroup } from '@tollgate/event-client';

// The attestation lib (sigstore, zod schemas) loads only when `tollgate verify` runs.
const attestation = () => import('@tollgate/attestation');

export const VERIFY_COMMAND: CommandGroup = {
  usage: '',
  commands: {},
  run: { load: async () => (await attestation()).verifyCommand, usage: async () => (await attestation()).VERIFY_USAGE },
};
