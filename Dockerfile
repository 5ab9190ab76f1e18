# Mesa application image: one server process (HTTP + websocket) on port 3000.
# Built by docker-compose.yml for app1 and app2; see docs/DEPLOY.md.
FROM node:20-bookworm-slim

# NPM_CONFIG_SCRIPT_SHELL: bash execs a script's single command, so the SIGTERM that
# `docker stop` sends to npm reaches the server, which then shuts down cleanly (with dash,
# the default sh, the server would never see it and be killed after the grace period).
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_SCRIPT_SHELL=/bin/bash \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

WORKDIR /app

# Dependencies first, so that source edits do not invalidate this layer.
# `npm run serve` runs the TypeScript server through tsx, so dev dependencies stay installed.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .
RUN npm run build \
 && mkdir -p /app/data \
 && chown -R node:node /app/data

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
USER node
EXPOSE 3000

HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["npm", "run", "serve"]
