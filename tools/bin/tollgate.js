#!/usr/bin/env node
'use strict';
// Launcher for the `tollgate` CLI. Runs a bundle of apps/cli (built with
// esbuild, one chunk per command) so a command starts in tens of milliseconds instead of
// compiling TypeScript on every call; the bundle is rebuilt first whenever a
// source under apps/ or libs/ is newer than it. Set TOLLGATE_CLI_FROM_SOURCE=1
// to run the TypeScript directly instead.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT_DIR = path.join(ROOT, 'dist', 'cli');
// Names the build in use. Builds are never changed in place: a run that already
// read the pointer keeps loading its own build while a newer one is written.
const CURRENT = path.join(OUT_DIR, 'current');
const SOURCES = ['apps', 'libs', 'tsconfig.base.json', 'package-lock.json'].map((p) => path.join(ROOT, p));

function newestSource(target, since) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return false;
  if (!stat.isDirectory()) return stat.mtimeMs > since;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = path.join(target, entry.name);
    if (entry.isDirectory() ? newestSource(child, since) : /\.(ts|json)$/.test(entry.name) && fs.statSync(child).mtimeMs > since) return true;
  }
  return false;
}

function stale() {
  const bundle = fs.statSync(CURRENT, { throwIfNoEntry: false });
  return !bundle || SOURCES.some((source) => newestSource(source, bundle.mtimeMs));
}

function build() {
  const { buildSync } = require('esbuild');
  const name = `build-${Date.now()}-${process.pid}`;
  buildSync({
    entryPoints: { main: path.join(ROOT, 'apps', 'cli', 'src', 'main.ts') },
    outdir: path.join(OUT_DIR, name),
    bundle: true,
    // ESM so each lazily imported command is its own chunk, parsed only when that command runs.
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    // CommonJS dependencies inside an ES module still call require().
    banner: { js: "import { createRequire as __tollgateRequire } from 'node:module'; const require = __tollgateRequire(import.meta.url);" },
    // Optional drivers TypeORM and pg probe for at run time, and the XML tooling the CycloneDX library never needs here.
    external: ['pg-native', 'oracledb', 'mysql', 'mysql2', 'sqlite3', 'better-sqlite3', 'mssql', 'mongodb', 'sql.js', 'ioredis', 'redis', 'hdb-pool', '@sap/hana-client', 'typeorm-aurora-data-api-driver', 'react-native-sqlite-storage', '@google-cloud/spanner', 'libxmljs2', 'xmlbuilder2'],
    logLevel: 'error',
    legalComments: 'none',
  });
  const pointer = `${CURRENT}.${process.pid}`;
  fs.writeFileSync(pointer, name);
  fs.renameSync(pointer, CURRENT); // atomic switch to the new build
  // Builds older than an hour can no longer be in use by a starting run.
  for (const entry of fs.readdirSync(OUT_DIR)) {
    const match = /^build-(\d+)-\d+$/.exec(entry);
    if (match && entry !== name && Date.now() - Number(match[1]) > 3_600_000) fs.rmSync(path.join(OUT_DIR, entry), { recursive: true, force: true });
  }
}

if (process.env.TOLLGATE_CLI_FROM_SOURCE === '1') {
  process.env.SWC_NODE_PROJECT = path.join(ROOT, 'tsconfig.json');
  require('@swc-node/register');
  require('../../apps/cli/src/main.ts');
} else {
  if (stale()) {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    build();
  }
  const main = path.join(OUT_DIR, fs.readFileSync(CURRENT, 'utf8').trim(), 'main.mjs');
  import(require('node:url').pathToFileURL(main).href).catch((error) => {
    process.stderr.write(`tollgate: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  });
}
