import type { CommandGroup } from '@tollgate/event-client';

// The scanning lib (HCL parser, YAML, secretlint) loads only when `tollgate scan` runs.
const scanning = () => import('@tollgate/scanning');

export const SCAN_COMMAND: CommandGroup = {
  usage: '',
  commands: {},
  run: { load: async () => (await scanning()).scanCommand, usage: async () => (await scanning()).SCAN_USAGE },
};
