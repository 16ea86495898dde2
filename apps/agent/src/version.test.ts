import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { AGENT_VERSION } from "./version.ts";

describe("agent version", () => {
  it("AGENT_VERSION is package.json's version", () => {
    expect(AGENT_VERSION).toBe(pkg.version);
  });
});
