#!/usr/bin/env bash
# Runs Tollgate's tests on this machine, fresh or not: installs the npm packages
# when needed, makes sure NATS (JetStream) and PostgreSQL are up, then runs
# `npm test` (typecheck, lint, then Jest, whose summary comes last).
# Extra arguments go to Jest: tools/run-tests.sh libs/ingest --verbose
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools/ensure-services.sh --node-modules
printf '[tollgate] tests: npm test%s\n' "${*:+ -- $*}"
exec npm test -- "$@"
