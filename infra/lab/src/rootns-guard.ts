// `pnpm rootns snapshot FILE` / `pnpm rootns check FILE`: proves a run left the machine's root
// network namespace alone (links, addresses, routes, iptables, forwarding sysctls).
// check exits 1 and prints what changed, or prints "root namespace unchanged" and exits 0.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseEnv } from "./env.ts";
import { errorMessage } from "./errors.ts";
import { captureRootNs, currentNetns, snapshotFile, snapshotFileSchema } from "./rootns/capture.ts";
import { diffSnapshots, formatDiff } from "./rootns/diff.ts";

const USAGE = "Usage: pnpm rootns snapshot FILE [--json] | pnpm rootns check FILE [--json]\n";

const argsSchema = z.tuple([z.enum(["snapshot", "check"]), z.string().min(1, "FILE must not be empty")]);

function parse(argv: readonly string[]): { cmd: "snapshot" | "check"; file: string; json: boolean } | null {
  let tokens: ReturnType<typeof tokenize>;
  try {
    tokens = tokenize(argv);
  } catch {
    return null;
  }
  const args = argsSchema.safeParse(tokens.positionals);
  return args.success ? { cmd: args.data[0], file: args.data[1], json: tokens.values.json ?? false } : null;
}

function tokenize(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: { json: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parse(argv);
  if (!args) {
    process.stderr.write(
      `rootns: expected "snapshot FILE" or "check FILE", got ${JSON.stringify(argv)}\n${USAGE}`,
    );
    return 2;
  }
  const out = (json: object, text: string) =>
    process.stdout.write(args.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
  const file = path.resolve(parseEnv(process.env, process.cwd()).cwd, args.file);
  if (args.cmd === "snapshot") {
    await writeFile(file, `${JSON.stringify(await snapshotFile(), null, 2)}\n`);
    out({ ok: true, file }, `root namespace snapshot written to ${file}`);
    return 0;
  }
  const before = snapshotFileSchema.parse(JSON.parse(await readFile(file, "utf8")));
  const netns = await currentNetns();
  if (netns !== before.netns) {
    process.stderr.write(`rootns: snapshot was taken in ${before.netns}, this check runs in ${netns}\n`);
    return 2;
  }
  const diff = diffSnapshots(before.sections, await captureRootNs());
  out({ ok: !diff.changed, ...diff }, formatDiff(diff));
  return diff.changed ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`rootns: ${errorMessage(err)}\n`);
  process.exitCode = 2;
}
