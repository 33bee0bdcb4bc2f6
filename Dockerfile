# One image recipe for every app: docker build --build-arg APP=<gomart|catalog|orders|notifications|analytics-export> .
# Stages: install everything and compile once; install production dependencies only; a small
# runtime with the compiled output, run as the unprivileged "node" user.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY types types
COPY libs libs
COPY apps apps
RUN npx nest build gomart

FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# TypeScript is pulled in only as a peer of @nestjs/swagger's build plugin; maps, type
# declarations and docs are not needed to run. Roughly halves node_modules.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/typescript \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' \) -delete \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG APP=gomart
ENV NODE_ENV=production \
    PORT=3000 \
    LOG_FORMAT=json \
    DATA_DIR=/tmp/gomart
WORKDIR /app
COPY --from=production-dependencies --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY package.json ./
# A fixed entry point for the exec-form CMD below; fails the build for an unknown APP.
RUN test -f "dist/apps/${APP}/src/main.js" && ln -s "dist/apps/${APP}/src/main.js" main.js
USER node
EXPOSE 3000 4000
# Node runs as PID 1 and handles SIGTERM itself (graceful shutdown in libs/http): exec form, no shell in between.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "main.js"]
