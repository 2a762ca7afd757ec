export const POLICY_TEST_USAGE = `Usage: tollgate policy test <pack.yaml> [--json]

Loads a policy pack (YAML, CEL rules) and runs its own test cases, like \`opa test\`:
each test's evidence goes in, the decision comes out and is compared with the test's
expectation (verdict, and when given exactly which rules fail, warn or are waived).
Works offline; needs no Tollgate service.

  <pack.yaml>   the pack; test evidence files are read relative to it
  --json        one JSON document with every test's result and decision

Exit status: 0 every test passed; 1 a test failed (or there are none); 2 the pack is malformed
(file:line:column: reason) or bad usage.
`;
