import type { CommandGroup } from '@tollgate/event-client';

// The policy lib (CEL, the pack schema) loads only when a policy command runs.
const policy = () => import('@tollgate/policy');

export const POLICY_COMMANDS: CommandGroup = {
  usage: `Usage: tollgate policy <command> [options]

Commands:
  test <pack.yaml>   run a policy pack's own test cases (evidence in, decision out), like opa test

Run 'tollgate policy test --help' for its options.
`,
  commands: {
    test: { load: async () => (await policy()).policyTestCommand, usage: async () => (await policy()).POLICY_TEST_USAGE },
  },
};
