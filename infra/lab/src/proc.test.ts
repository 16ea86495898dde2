import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseProcStat } from "./proc.ts";

const fixture = readFileSync(new URL("./__fixtures__/proc-stat.dockerd.txt", import.meta.url), "utf8");

describe("/proc/<pid>/stat", () => {
  it("a lab dockerd's stat line gives pid, comm, state, ppid and start time", () => {
    expect(parseProcStat(fixture)).toEqual({
      pid: 16638,
      comm: "dockerd",
      state: "S",
      ppid: 1,
      startTime: 97151,
    });
  });

  it("a comm with spaces and parentheses does not shift the fields", () => {
    const line = fixture.replace("(dockerd)", "(a (b) c)");
    expect(parseProcStat(line)).toMatchObject({ comm: "a (b) c", state: "S", ppid: 1, startTime: 97151 });
  });

  it("garbage is an error, not a wrong pid", () => {
    expect(() => parseProcStat("not a stat line")).toThrow("unparseable");
  });
});
