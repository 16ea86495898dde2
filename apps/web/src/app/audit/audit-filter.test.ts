import { describe, expect, it } from "vitest";
import { FilterError, filterFromForm, utcInstant } from "./audit-filter.ts";

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe("the review page's filter form", () => {
  it("leaves empty fields out and trims the rest", () => {
    expect(
      filterFromForm(
        form([
          ["from", ""],
          ["actor", "  ada "],
          ["action", ""],
          ["host", "edge-1"],
          ["text", " "],
        ]),
      ),
    ).toEqual({ actor: "ada", host: "edge-1" });
  });

  it("reads datetime-local values as UTC, with or without seconds", () => {
    expect(utcInstant("from", "2026-03-01T10:15")).toBe("2026-03-01T10:15:00.000Z");
    expect(utcInstant("to", "2026-03-01T10:15:30")).toBe("2026-03-01T10:15:30.000Z");
  });

  it("keeps every selected outcome and ignores unknown ones", () => {
    expect(
      filterFromForm(
        form([
          ["outcome", "failed"],
          ["outcome", "denied"],
          ["outcome", "exploded"],
        ]),
      ),
    ).toEqual({ outcome: ["failed", "denied"] });
  });

  it("names the field at fault: a bad date, or to before from", () => {
    expect(() => filterFromForm(form([["from", "yesterday"]]))).toThrow(/^from: not a date/);
    expect(() =>
      filterFromForm(
        form([
          ["from", "2026-03-02T00:00"],
          ["to", "2026-03-01T00:00"],
        ]),
      ),
    ).toThrow(FilterError);
  });
});
