import { createInterface } from "node:readline/promises";
import type { Readable, Writable } from "node:stream";

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

export function out(io: Io, json: boolean, value: unknown, human: () => string) {
  io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString("utf8");
}

/** Asks on the terminal; `hidden` keeps the answer off the screen (passwords). */
export async function prompt(io: Io, question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: io.isTTY });
  if (hidden && io.isTTY) {
    const output = io.stderr;
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.includes(question)) output.write(s);
    };
  }
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
    if (hidden && io.isTTY) io.stderr.write("\n");
  }
}
