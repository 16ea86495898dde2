import { describe, expect, it } from "vitest";
import { readableFrom } from "./audit-export.ts";

/** A generator that counts how far it was driven. */
function counting(n: number) {
  const state = { produced: 0, finished: false };
  async function* gen(): AsyncGenerator<string, void, undefined> {
    try {
      for (let i = 0; i < n; i++) {
        state.produced++;
        yield `chunk ${i}\n`;
      }
    } finally {
      state.finished = true;
    }
  }
  return { state, gen: gen() };
}

describe("readableFrom (the export's response body)", () => {
  it("pulls a chunk only when the reader asks for one: a slow client holds the export back", async () => {
    const { state, gen } = counting(1000);
    const reader = readableFrom(gen, () => {}).getReader();
    await new Promise((r) => setTimeout(r, 20));
    expect(state.produced).toBe(0);
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("chunk 0\n");
    await new Promise((r) => setTimeout(r, 20));
    expect(state.produced).toBe(1);
    await reader.read();
    expect(state.produced).toBe(2);
    await reader.cancel();
    expect(state.finished).toBe(true);
  });

  it("delivers every chunk in order, then ends", async () => {
    const { gen } = counting(5);
    const text = await new Response(readableFrom(gen, () => {})).text();
    expect(text).toBe([0, 1, 2, 3, 4].map((i) => `chunk ${i}\n`).join(""));
  });

  it("errors the stream and reports the cause when the source fails mid-way", async () => {
    async function* failing(): AsyncGenerator<string, void, undefined> {
      yield "a\n";
      throw new Error("database went away");
    }
    const seen: unknown[] = [];
    const reader = readableFrom(failing(), (err) => seen.push(err)).getReader();
    expect((await reader.read()).done).toBe(false);
    await expect(reader.read()).rejects.toThrow("database went away");
    expect(seen).toHaveLength(1);
  });
});
