import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mountsUnder, parseMountinfo } from "./mounts.ts";

const fixture = readFileSync(new URL("./__fixtures__/mountinfo.lab-host.txt", import.meta.url), "utf8");

describe("mounts a lab dockerd leaves (captured /proc/self/mountinfo)", () => {
  const mounts = parseMountinfo(fixture);

  it("parses mount point, type and source", () => {
    expect(mounts).toContainEqual({
      mountPoint: "/sys/fs/cgroup/unified",
      fsType: "cgroup2",
      source: "cgroup2",
    });
    expect(mounts).toContainEqual({
      mountPoint: "/tmp/sy-fix/state/h1/data",
      fsType: "ext4",
      source: "/dev/vda",
    });
  });

  it("finds the data-root self-bind and the container netns files under the lab folders, deepest first", () => {
    const under = mountsUnder(mounts, ["/tmp/sy-fix/state/h1", "/tmp/sy-fix/run/h1"]);
    expect(under).toHaveLength(3);
    expect(under.slice(0, 2).every((p) => p.startsWith("/tmp/sy-fix/run/h1/exec/netns/"))).toBe(true);
    expect(under[2]).toBe("/tmp/sy-fix/state/h1/data");
  });

  it("does not match a sibling folder with the same prefix", () => {
    expect(mountsUnder(mounts, ["/tmp/sy-fix/state/h"])).toEqual([]);
    expect(mountsUnder(mounts, ["/run/netns"])).toEqual(["/run/netns/sy-h1", "/run/netns"]);
  });

  it("decodes octal escapes (a space is \\040)", () => {
    const line = "99 26 0:4 net:[1] /tmp/lab\\040dir/x rw - nsfs nsfs rw";
    expect(parseMountinfo(line)).toEqual([{ mountPoint: "/tmp/lab dir/x", fsType: "nsfs", source: "nsfs" }]);
  });
});
