#!/usr/bin/env node
'use strict';
// Launcher for the `tollgate` CLI. Runs a bundle of apps/cli (built with
// esbuild, one chunk per command) so a command starts in tens of milliseconds instead of
// compiling TypeScript on every call; the bundle is rebuilt first whenever a
// file it was built from is newer than it. Set TOLLGATE_CLI_FROM_SOURCE=1
// to run the TypeScript directly instead.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT_DIR = path.join(ROOT, 'dist', 'cli');
// Names the build in use. Builds are never changed in place: a run that already
// read the pointer keeps loading its own build while a newer one is written.
const CURRENT = path.join(OUT_DIR, 'current');
// Besides the bundle's own inputs (listed at build time), what changes how it is built.
const BUILD_SETTINGS = ['tsconfig.json', 'tsconfig.base.json', 'package-lock.json'].map((p) => path.join(ROOT, p)).concat(__filename);
const INPUTS = 'inputs.json';

/**
 * Stale when any file the bundle was built from, or a build setting, is newer
 * than the bundle. Only those files are looked at (esbuild's metafile lists
 * them): walking apps/ and libs/ would cost more than the command. A new file
 * can only join the bundle through an edit to a file already in it.
 */
function stale() {
  const bundle = fs.statSync(CURRENT, { throwIfNoEntry: false });
  if (!bundle) return true;
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(path.join(OUT_DIR, fs.readFileSync(CURRENT, 'utf8').trim(), INPUTS), 'utf8'));
  } catch {
    return true;
  }
  return inputs.map((p) => path.join(ROOT, p)).concat(BUILD_SETTINGS).some((file) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return !stat || stat.mtimeMs > bundle.mtimeMs;
  });
}

/**
 * Modules that load as "not installed": the CycloneDX library probes for its
 * optional XML and schema-validation plugins at load time, and the CLI only
 * writes JSON — loading them (one is native) would cost more than the build.
 */
function absentModules(filter) {
  return {
    name: 'tollgate-absent-modules',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'tollgate-absent' }));
      b.onLoad({ filter: /.*/, namespace: 'tollgate-absent' }, (args) => ({
        contents: `throw Object.assign(new Error(${JSON.stringify(`${args.path} is not part of the tollgate CLI`)}), { code: 'MODULE_NOT_FOUND' });`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Our own libs' modules only define things (schemas, classes, functions): marked
 * free of side effects, so a command's chunk keeps just what it uses of a lib
 * rather than everything its index re-exports.
 */
function ownLibsArePure() {
  const libs = path.join(ROOT, 'libs') + path.sep;
  return {
    name: 'tollgate-own-libs-pure',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'tollgate-resolving' || args.kind === 'entry-point') return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'tollgate-resolving' });
        if (resolved.errors.length > 0 || !resolved.path.startsWith(libs)) return resolved.errors.length > 0 ? { errors: resolved.errors } : undefined;
        return { path: resolved.path, sideEffects: false };
      });
    },
  };
}

async function build() {
  const esbuild = require('esbuild');
  const name = `build-${Date.now()}-${process.pid}`;
  const result = await esbuild.build({
    // Metafile paths relative to the repository, whatever directory the CLI was started from:
    // relative to another directory, `stale()` would find none of them and rebuild on every run.
    absWorkingDir: ROOT,
    metafile: true,
    entryPoints: { main: path.join(ROOT, 'apps', 'cli', 'src', 'main.ts') },
    outdir: path.join(OUT_DIR, name),
    bundle: true,
    // ESM so each lazily imported command is its own chunk, parsed only when that command runs.
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    // Prefer ES builds: some packages' UMD mains require() modules in ways a bundler cannot follow.
    mainFields: ['module', 'main'],
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    // CommonJS dependencies inside an ES module still call require() and read __dirname.
    banner: {
      js: [
        "import { createRequire as __tollgateRequire } from 'node:module';",
        "import { fileURLToPath as __tollgateFileURLToPath } from 'node:url';",
        'const require = __tollgateRequire(import.meta.url);',
        'const __filename = __tollgateFileURLToPath(import.meta.url);',
        "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
      ].join(' '),
    },
    // Optional drivers TypeORM and pg probe for at run time stay outside the bundle.
    external: ['pg-native', 'oracledb', 'mysql', 'mysql2', 'sqlite3', 'better-sqlite3', 'mssql', 'mongodb', 'sql.js', 'ioredis', 'redis', 'hdb-pool', '@sap/hana-client', 'typeorm-aurora-data-api-driver', 'react-native-sqlite-storage', '@google-cloud/spanner',
      // The HCL parser finds its wasm next to its own file: it loads from node_modules, unbundled.
      '@cdktf/hcl2json'],
    plugins: [ownLibsArePure(), absentModules(/^(xmlbuilder2|libxmljs2|ajv|ajv-formats|ajv-formats-draft2019)(\/|$)/)],
    logLevel: 'error',
    legalComments: 'none',
  });
  const own = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/') && !p.includes(':'));
  fs.writeFileSync(path.join(OUT_DIR, name, INPUTS), JSON.stringify(own.sort()));
  if (process.env.TOLLGATE_CLI_METAFILE) fs.writeFileSync(process.env.TOLLGATE_CLI_METAFILE, JSON.stringify(result.metafile));
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
  (async () => {
    if (stale()) {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      await build();
    }
    const main = path.join(OUT_DIR, fs.readFileSync(CURRENT, 'utf8').trim(), 'main.mjs');
    await import(require('node:url').pathToFileURL(main).href);
  })().catch((error) => {
    process.stderr.write(`tollgate: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  });
}
