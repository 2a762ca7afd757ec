#!/usr/bin/env bash
# Runs Tollgate's main job end to end on this machine, fresh or not: installs
# the npm packages when needed, makes sure NATS (JetStream) and PostgreSQL are
# up, then runs `npm run demo` (start the stack, migrate, post a sample Jenkins
# build, print the events it caused). Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools/ensure-services.sh --node-modules
printf '[tollgate] demo: npm run demo%s\n' "${*:+ -- $*}"
exec npm run demo -- "$@"
