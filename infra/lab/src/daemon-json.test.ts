import { describe, expect, it } from "vitest";
import {
  BASE_DAEMON_JSON,
  mergeDaemonJson,
  parseDaemonJsonOverride,
  renderDaemonJson,
} from "./daemon-json.ts";

describe("daemon.json merge", () => {
  it("an operator's keys are added to the base", () => {
    expect(mergeDaemonJson(BASE_DAEMON_JSON, { bip: "192.168.77.1/24", icc: false })).toEqual({
      bip: "192.168.77.1/24",
      icc: false,
    });
  });

  it("objects merge deeply; scalars and arrays replace", () => {
    const base = { "log-opts": { "max-size": "10m", "max-file": "3" }, dns: ["10.0.0.1"], mtu: 1500 };
    expect(mergeDaemonJson(base, { "log-opts": { "max-size": "1m" }, dns: ["10.0.0.2"], mtu: 1400 })).toEqual(
      {
        "log-opts": { "max-size": "1m", "max-file": "3" },
        dns: ["10.0.0.2"],
        mtu: 1400,
      },
    );
    expect(base["log-opts"]["max-size"]).toBe("10m");
  });

  it("renders as pretty JSON with a trailing newline", () => {
    expect(renderDaemonJson({ icc: false })).toBe('{\n  "icc": false\n}\n');
  });
});

describe("--daemon-json file contents", () => {
  it("accepts any JSON object, even one dockerd will refuse (that is the point)", () => {
    expect(parseDaemonJsonOverride('{"bip":"not-a-cidr"}', "f.json")).toEqual({ bip: "not-a-cidr" });
  });

  it.each([
    ["{", "not valid JSON"],
    ["[1,2]", "must be a JSON object"],
    ['"bip"', "must be a JSON object"],
    ['{"data-root":"/"}', "data-root"],
    ['{"hosts":["tcp://0.0.0.0:2375"]}', "hosts"],
    ['{"exec-root":"/run","pidfile":"/x"}', "exec-root, pidfile"],
  ])("%s is refused (%s) and the message names --daemon-json", (text, expected) => {
    expect(() => parseDaemonJsonOverride(text, "f.json")).toThrow(expected);
    expect(() => parseDaemonJsonOverride(text, "f.json")).toThrow("--daemon-json f.json");
  });
});
