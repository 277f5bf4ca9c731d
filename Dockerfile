# marketdesk production image. Multi-stage: dependencies are installed in a throwaway stage, the runtime stage
# gets fonts + fontconfig (charts are drawn by Skia with the font files fontconfig names, or by sharp/librsvg which
# asks fontconfig itself; without them text renders as tofu boxes or blank) and runs as the unprivileged `node` user.
# Build: docker build -t marketdesk .    Run: docker run --env-file .env -v marketdesk-data:/data marketdesk

ARG NODE_IMAGE=node:20-slim

# Compiles src/ to dist/ (tsc, plus the web console's files); needs the dev dependencies (typescript).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Production dependencies only: the image runs compiled JavaScript, so neither typescript nor tsx is in it. sharp
# brings its own libvips prebuilt for linux-x64/arm64 glibc and @napi-rs/canvas its Skia build, so no compiler.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# Deterministic chart text: exactly the DejaVu faces src/render/charts/dejavu-sans-metrics.ts was generated from.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && fc-cache -f
WORKDIR /app
ENV NODE_ENV=production \
    TZ=UTC \
    DATA_DIR=/data \
    LOG_LEVEL=info
COPY --from=deps /app/node_modules ./node_modules
# dist/ mirrors src/ and finds prompts/ and data/ beside it through import.meta.url (../../prompts from
# dist/models/, ../../../data from dist/tools/market/), so the layout under /app is the repository's.
COPY package.json manifest.yml ./
COPY --from=build /app/dist ./dist
COPY prompts ./prompts
COPY data ./data
# Fail the build, not the first chart, when the fonts do not render (the same check runs again at start-up).
RUN node -e "import('./dist/render/charts/font-check.js').then((m) => m.checkFonts()).then((r) => console.log('fonts ok', r.family))"
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# The HTTP surface binds HOST (default 127.0.0.1). To publish it from the container set HOST=0.0.0.0 and API_TOKEN.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Compiled JavaScript, started by node directly (not npm, no shell) so SIGTERM reaches the app for a graceful
# shutdown. Same as `npm run start:prod` outside a container.
CMD ["node", "dist/index.js"]
