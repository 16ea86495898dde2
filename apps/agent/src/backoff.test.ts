import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.ts";

describe("reconnect backoff (capped exponential, full jitter)", () => {
  it("every delay is in [0, min(cap, base·2^attempt)) and never above the cap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (attempt, base, cap, r) => {
          const delay = backoffDelay(attempt, base, cap, () => r);
          const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.max(ceiling, 1));
          expect(delay).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });

  it("a hostile random source (NaN, 1, negative) still gives a delay within bounds", () => {
    for (const r of [Number.NaN, 1, 2, -1, Number.POSITIVE_INFINITY]) {
      const delay = backoffDelay(5, 500, 30_000, () => r);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(16_000);
    }
  });

  it("the ceiling doubles from the base until the cap (500 ms → 30 s)", () => {
    const ceiling = (attempt: number) => backoffDelay(attempt, 500, 30_000, () => 1 - Number.EPSILON) + 1;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map(ceiling)).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it("500 agents reconnecting after a gateway restart spread out over the window", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        let s = seed;
        const random = () => {
          s = (s * 1103515245 + 12345) % 2 ** 31;
          return s / 2 ** 31;
        };
        const delays = Array.from({ length: 500 }, () => backoffDelay(6, 500, 30_000, random));
        // Full jitter: about uniform over [0, 30 s); no second holds more than a few percent.
        const perSecond = new Map<number, number>();
        for (const d of delays)
          perSecond.set(Math.floor(d / 1000), (perSecond.get(Math.floor(d / 1000)) ?? 0) + 1);
        expect(Math.max(...perSecond.values())).toBeLessThan(60);
      }),
      { numRuns: 20 },
    );
  });
});
