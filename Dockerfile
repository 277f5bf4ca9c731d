# marketdesk production image. Multi-stage: dependencies are installed in a throwaway stage, the runtime stage
# gets fonts + fontconfig (charts are drawn by Skia with the font files fontconfig names, or by sharp/librsvg which
# asks fontconfig itself; without them text renders as tofu boxes or blank) and runs as the unprivileged `node` user.
# Build: docker build -t marketdesk .    Run: docker run --env-file .env -v marketdesk-data:/data marketdesk

ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Production dependencies only (tsx is one: the app runs from TypeScript sources). sharp brings its own libvips
# prebuilt for linux-x64/arm64 glibc and @napi-rs/canvas its Skia build, so no compiler is needed.
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
COPY package.json tsconfig.json manifest.yml ./
COPY src ./src
COPY prompts ./prompts
COPY data ./data
# Fail the build, not the first chart, when the fonts do not render (the same check runs again at start-up).
RUN node --import tsx -e "import('./src/render/charts/font-check.ts').then((m) => m.checkFonts()).then((r) => console.log('fonts ok', r.family))"
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# The HTTP surface binds HOST (default 127.0.0.1). To publish it from the container set HOST=0.0.0.0 and API_TOKEN.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# node directly (not npm) so SIGTERM reaches the app for a graceful shutdown.
CMD ["node", "--import", "tsx", "src/index.ts"]
