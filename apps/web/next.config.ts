import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: ["@switchyard/db", "@switchyard/server", "@switchyard/protocol"],
  // Drivers stay native Node modules: PGlite loads its wasm from its own folder.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "ws"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
