# syntax=docker/dockerfile:1
# RBAC Atlas: Next.js standalone server on a distroless Node.js 24 LTS runtime, as a non-root user.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# No shell, no package manager, no dev dependencies: only the traced server and its assets.
FROM gcr.io/distroless/nodejs24-debian12:nonroot
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0 NEXT_TELEMETRY_DISABLED=1
COPY --from=build --chown=65532:65532 /src/.next/standalone ./
USER 65532:65532
EXPOSE 3000
# main.mjs: the front door (server/main.ts), then Next.js' server.js. The root filesystem is
# read-only in the Deployment; /tmp and .next/cache are emptyDirs.
CMD ["main.mjs"]
