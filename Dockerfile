# The production image of the API, the worker and the operator commands (migrate, seed, backup,
# restore, audit:verify): one image, a different command each. Only the last stage ships.
FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Production dependencies only. No production package needs an install script (allowScripts in
# package.json). Optional packages are left out too: npm counts the TypeScript compiler among
# them (an optional peer of @nestjs/swagger's build plugin), and the one that matters at run
# time, msgpackr's native extension, has a plain JavaScript fallback.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
RUN npm run build

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/migrations ./dist/migrations
COPY --from=build /app/dist/seeds ./dist/seeds
COPY public ./public
# Backups are written here (a named volume in docker-compose.yml), by the unprivileged user.
RUN mkdir /backups && chown node:node /backups
# Everything above belongs to root and cannot be changed by the processes that run it.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
