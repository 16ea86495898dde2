// /etc/os-release: KEY=value lines, values optionally quoted (os-release(5)).
import type { OsRelease } from "@switchyard/protocol";
import { splitWords } from "./words.ts";

/** Parses /etc/os-release; unknown or malformed lines are skipped. */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match?.[1] || match[2] === undefined) continue;
    const words = splitWords(match[2]);
    if (words.ok) values.set(match[1], words.value.join(" "));
  }
  return {
    id: values.get("ID") ?? null,
    versionId: values.get("VERSION_ID") ?? null,
    prettyName: values.get("PRETTY_NAME") ?? null,
  };
}
