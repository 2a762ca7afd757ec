#!/usr/bin/env node
'use strict';
// Launcher for the `tollgate` CLI: compiles the TypeScript sources on the fly
// with the repository's tsconfig (for the @tollgate/* path aliases), from any cwd.
const path = require('node:path');

process.env.SWC_NODE_PROJECT = path.resolve(__dirname, '..', '..', 'tsconfig.json');
require('@swc-node/register');
require('../../apps/cli/src/main.ts');
