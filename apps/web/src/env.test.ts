import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.ts";

describe("web env", () => {
  it("defaults to loopback:3000 and the embedded database in ./.data", () => {
    const e = parseEnv({});
    expect(e.HOST).toBe("127.0.0.1");
    expect(e.PORT).toBe(3000);
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.dataDir).toMatch(/\/\.data\/pglite$/);
  });

  it("takes PORT from the environment", () => {
    expect(parseEnv({ PORT: "3456" }).PORT).toBe(3456);
  });

  it("refuses a migration URL without DATABASE_URL, naming it", () => {
    expect(() => parseEnv({ SWITCHYARD_MIGRATION_URL: "postgres://owner@db/x" })).toThrow(
      /SWITCHYARD_MIGRATION_URL: needs DATABASE_URL/,
    );
    expect(
      parseEnv({ DATABASE_URL: "postgres://app@db/x", SWITCHYARD_MIGRATION_URL: "postgres://owner@db/x" })
        .SWITCHYARD_MIGRATION_URL,
    ).toBe("postgres://owner@db/x");
  });

  it("names every bad field in one error", () => {
    let caught: unknown;
    try {
      parseEnv({ PORT: "70000", DATABASE_URL: "mysql://x" });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const message = String((caught as Error).message);
    expect(message).toContain("PORT:");
    expect(message).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
  });
});
