import { describe, expect, it } from "vitest";
import {
  catArgv,
  inNamespace,
  ipArgv,
  ipDumpArgvs,
  ipMonitorArgv,
  iptablesArgv,
  iptablesSaveArgv,
  nftMonitorArgv,
  nftRulesetArgv,
  SELF,
} from "./ns-commands.ts";

const lab = { kind: "named", name: "sy-h1" } as const;
const container = { kind: "path", path: "/run/sy-lab/h1/exec/netns/3c704a39ace9" } as const;

describe("commands per namespace (argv arrays)", () => {
  it("ip: plain in production, `ip -n NAME` for a lab host, nsenter --net=FILE for a container", () => {
    expect(ipArgv(SELF, ["-json", "route", "show"])).toEqual(["ip", "-json", "route", "show"]);
    expect(ipArgv(lab, ["-json", "route", "show"])).toEqual(["ip", "-n", "sy-h1", "-json", "route", "show"]);
    expect(ipArgv(container, ["-json", "addr", "show"])).toEqual([
      "nsenter",
      "--net=/run/sy-lab/h1/exec/netns/3c704a39ace9",
      "ip",
      "-json",
      "addr",
      "show",
    ]);
  });

  it("iptables-save and nft run through nsenter into the lab host's namespace file", () => {
    expect(iptablesSaveArgv(lab)).toEqual(["nsenter", "--net=/var/run/netns/sy-h1", "iptables-save"]);
    expect(nftRulesetArgv(lab)).toEqual([
      "nsenter",
      "--net=/var/run/netns/sy-h1",
      "nft",
      "-j",
      "list",
      "ruleset",
    ]);
    expect(iptablesSaveArgv(SELF)).toEqual(["iptables-save"]);
  });

  it("iptables always gets -w", () => {
    expect(iptablesArgv(lab, ["-t", "nat", "-S"])).toEqual([
      "nsenter",
      "--net=/var/run/netns/sy-h1",
      "iptables",
      "-w",
      "-t",
      "nat",
      "-S",
    ]);
    expect(iptablesArgv(SELF, ["-S"])).toEqual(["iptables", "-w", "-S"]);
  });

  it("sysctls are read by cat inside the namespace", () => {
    expect(catArgv(lab, "/proc/sys/net/ipv4/ip_forward")).toEqual([
      "nsenter",
      "--net=/var/run/netns/sy-h1",
      "cat",
      "/proc/sys/net/ipv4/ip_forward",
    ]);
  });

  it("the three dumps per namespace, and the monitors", () => {
    expect(ipDumpArgvs(container)).toEqual({
      link: ["nsenter", `--net=${container.path}`, "ip", "-json", "-d", "link", "show"],
      addr: ["nsenter", `--net=${container.path}`, "ip", "-json", "addr", "show"],
      route: ["nsenter", `--net=${container.path}`, "ip", "-json", "route", "show"],
    });
    expect(ipMonitorArgv(lab)).toEqual([
      "ip",
      "-n",
      "sy-h1",
      "-o",
      "-ts",
      "monitor",
      "link",
      "address",
      "route",
    ]);
    expect(nftMonitorArgv(lab)).toEqual([
      "nsenter",
      "--net=/var/run/netns/sy-h1",
      "nft",
      "monitor",
      "ruleset",
    ]);
  });

  it("a hostile-looking name stays one argv element (no shell ever sees it)", () => {
    const argv = inNamespace({ kind: "named", name: "x; reboot" }, ["cat", "/etc/hostname"]);
    expect(argv).toEqual(["nsenter", "--net=/var/run/netns/x; reboot", "cat", "/etc/hostname"]);
  });
});
