# NOT RUN ON THIS MACHINE: the machines this project is built on reach no container registry, so this
# image has never been built here. It follows scripts/start.ts and .env.example; docs/deploy/README.md.
#
# The portal as one container running `npm start` (web, one worker, our realtime server), for a
# PostgreSQL 15+ of your own (DATABASE_URL; compose.yaml starts one) and local or S3 storage.
#   docker build -t hourglass .
#   docker run --env-file hourglass.env -p 3000:3000 -p 6001:6001 -v hourglass-data:/app/.data hourglass
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    HOURGLASS_MODE=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    HOST=0.0.0.0 \
    REALTIME_HOST=0.0.0.0 \
    LOG_FORMAT=json

WORKDIR /app
RUN chown node:node /app
USER node

# dependencies first, for the layer cache (npm install, not npm ci: see docs/development.md)
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node tracker/package.json tracker/package.json
COPY --chown=node:node verifier/package.json verifier/package.json
COPY --chown=node:node prisma prisma
COPY --chown=node:node prisma.config.ts ./
RUN npm install --include=dev --no-audit --no-fund

COPY --chown=node:node . .
RUN npm run build

# files and (without DATABASE_URL) the embedded PostgreSQL live here
VOLUME ["/app/.data"]
EXPOSE 3000 6001
# the launcher stops its children on SIGTERM; a failure ends with one sentence (HOURGLASS_DEBUG=1 for the stack)
STOPSIGNAL SIGTERM
CMD ["npm", "start"]
