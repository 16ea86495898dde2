import { defineConfig } from "vitest/config";

// Two tiers by file suffix (CONVENTIONS.md): *.test.ts are unit tests with no I/O;
// *.int.test.ts talk to real PostgreSQL, PGlite and real lab hosts, and run one file at a time
// because lab hosts are machine-wide resources.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{apps,packages,infra}/*/src/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "int",
          include: ["{apps,packages,infra}/*/{src,test}/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
