# One image for every Tollgate app; the command picks the app. It runs the
# TypeScript sources through @swc-node/register (a runtime dependency), so
# there is no separate build step.
FROM node:20-bookworm-slim

WORKDIR /app

# git (and ssh for git@ remotes): the SBOM builder and the scanner runner read
# repositories at a commit.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first so source edits reuse this layer. Not `npm ci`: it refuses
# this lockfile, which records only the Linux builds of platform-specific
# optional packages; `npm install --no-save` installs the locked versions.
COPY package.json package-lock.json ./
RUN npm install --no-save --no-audit --no-fund \
 && npm cache clean --force

COPY tsconfig.base.json tsconfig.json .swcrc ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools

# NODE_ENV only after the install: npm would otherwise leave out devDependencies.
# The transpile cache and npm's cache/logs go to /tmp, the one writable place
# when the root filesystem is read-only (k8s/).
ENV NODE_ENV=production \
    npm_config_cache=/tmp/.npm \
    npm_config_update_notifier=false \
    SWC_NODE_CACHE_DIR=/tmp/swc-node

USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "-r", "@swc-node/register", "apps/ingest-gateway/src/main.ts"]
