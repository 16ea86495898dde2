// Test helpers: read the captured fixtures in this folder (tests only; netops itself does no I/O).
import { readFileSync } from "node:fs";

/** The text of a fixture file. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), "utf8");
}

/** A JSON fixture, parsed. */
export function fixtureJson(name: string): unknown {
  return JSON.parse(fixture(name));
}

/** A JSON fixture that is an object of strings (cgroup files, namespace links). */
export function fixtureRecord(name: string): Record<string, string> {
  return fixtureJson(name) as Record<string, string>;
}
