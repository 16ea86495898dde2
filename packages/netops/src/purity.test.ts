// netops and protocol are pure (DESIGN.md: "netops and protocol import nothing that does I/O"):
// this test fails if a non-test source file imports anything but zod, the protocol, or a
// relative module. Tests and the fixture helpers may read files.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ALLOWED = [/^\.\.?\//, /^zod$/, /^@switchyard\/protocol$/];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : sources(path);
    return entry.name.endsWith(".ts") && !/\.test(-support)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe("purity", () => {
  for (const pkg of ["netops", "protocol"]) {
    it(`${pkg} source imports only zod, @switchyard/protocol and its own modules`, () => {
      const root = fileURLToPath(new URL(`../../${pkg}/src`, import.meta.url));
      const files = sources(root);
      expect(files.length).toBeGreaterThan(5);
      for (const file of files) {
        const specifiers = [
          ...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^"']*?from\s+["']([^"']+)["']/gm),
        ].map((m) => m[1] ?? "");
        const foreign = specifiers.filter((s) => !ALLOWED.some((re) => re.test(s)));
        expect(foreign, relative(root, file)).toEqual([]);
      }
    });
  }
});
