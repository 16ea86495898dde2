// Splitting a command line into words the way iptables-save quotes them and the way
// /etc/default/docker's DOCKER_OPTS is usually written: whitespace separates words, double or
// single quotes group them, a backslash escapes the next character (outside single quotes).
// No expansion of any kind: this is for reading, never for building commands.
import { err, ok, type Result } from "../result.ts";

/** Splits `line` into words; an unterminated quote or a trailing backslash is an error. */
export function splitWords(line: string): Result<string[]> {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quote === "'") {
      if (ch === "'") quote = null;
      else current += ch;
      continue;
    }
    if (ch === "\\") {
      if (i + 1 >= line.length) return err("trailing backslash");
      i++;
      current += line.charAt(i);
      inWord = true;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
      continue;
    }
    current += ch;
    inWord = true;
  }
  if (quote !== null) return err(`unterminated ${quote} quote`);
  if (inWord) words.push(current);
  return ok(words);
}
