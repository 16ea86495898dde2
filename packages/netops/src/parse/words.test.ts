import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitWords } from "./words.ts";

describe("splitWords", () => {
  it("splits the way iptables-save quotes comments", () => {
    expect(splitWords('-A X -m comment --comment "switchyard: allow c3 -> c4" -j ACCEPT')).toEqual({
      ok: true,
      value: ["-A", "X", "-m", "comment", "--comment", "switchyard: allow c3 -> c4", "-j", "ACCEPT"],
    });
    expect(splitWords(String.raw`a "b \"c\"" 'd e' f\ g`)).toEqual({
      ok: true,
      value: ["a", 'b "c"', "d e", "f g"],
    });
    expect(splitWords('"" x')).toEqual({ ok: true, value: ["", "x"] });
  });

  it("refuses unterminated quotes and a trailing backslash", () => {
    expect(splitWords('a "b').ok).toBe(false);
    expect(splitWords("a 'b").ok).toBe(false);
    expect(splitWords("a\\").ok).toBe(false);
  });

  it("never throws, and words without quotes or escapes split on whitespace", () => {
    fc.assert(fc.property(fc.string(), (line) => void splitWords(line)));
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9.:/-]{1,8}$/)), (words) => {
        expect(splitWords(words.join("  \t"))).toEqual({ ok: true, value: words });
      }),
    );
  });
});
