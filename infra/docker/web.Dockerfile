# The web process (Next.js app + /agent gateway). Build from the repository root:
#   docker build -f infra/docker/web.Dockerfile .
FROM node:20-bookworm-slim
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm install -g pnpm@12.4.2
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
WORKDIR /app/apps/web
ENV NODE_ENV=production
EXPOSE 3000
CMD ["node", "--import", "tsx", "server.ts"]
