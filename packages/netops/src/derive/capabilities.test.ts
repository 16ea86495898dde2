import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CAPABILITY_NAMES,
  compareToDockerDefault,
  DOCKER_DEFAULT_CAPABILITIES,
  decodeCapabilities,
} from "./capabilities.ts";

describe("capabilities", () => {
  it("names every bit up to this kernel's cap_last_cap (40, CAP_CHECKPOINT_RESTORE)", () => {
    expect(CAPABILITY_NAMES).toHaveLength(41);
    expect(CAPABILITY_NAMES[12]).toBe("CAP_NET_ADMIN");
    expect(CAPABILITY_NAMES[21]).toBe("CAP_SYS_ADMIN");
    expect(CAPABILITY_NAMES[40]).toBe("CAP_CHECKPOINT_RESTORE");
  });

  it("decodes a default container's CapEff (a80425fb) to exactly Docker's default set", () => {
    expect(decodeCapabilities("00000000a80425fb")).toEqual(DOCKER_DEFAULT_CAPABILITIES);
    expect(compareToDockerDefault(decodeCapabilities("00000000a80425fb"))).toEqual({
      added: [],
      dropped: [],
    });
  });

  it("decodes --cap-add NET_ADMIN (a80435fb) as the default set plus CAP_NET_ADMIN", () => {
    expect(compareToDockerDefault(decodeCapabilities(0xa80435fbn))).toEqual({
      added: ["CAP_NET_ADMIN"],
      dropped: [],
    });
  });

  it("decodes the lab root's full set (000001fffeffffff: all but CAP_SYS_RESOURCE, which is why --privileged fails here)", () => {
    const names = decodeCapabilities("000001fffeffffff");
    expect(names).toHaveLength(40);
    expect(names).not.toContain("CAP_SYS_RESOURCE");
  });

  it("names bits past the table instead of dropping them, and refuses non-hex", () => {
    expect(decodeCapabilities((1n << 41n) | 1n)).toEqual(["CAP_CHOWN", "CAP_BIT_41"]);
    expect(decodeCapabilities("xyz")).toEqual([]);
    expect(decodeCapabilities("0")).toEqual([]);
  });

  it("decodes one name per set bit", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (mask) => {
        const count = mask
          .toString(2)
          .split("")
          .filter((b) => b === "1").length;
        expect(decodeCapabilities(mask)).toHaveLength(count);
        expect(decodeCapabilities(mask.toString(16))).toEqual(decodeCapabilities(mask));
      }),
    );
  });
});
