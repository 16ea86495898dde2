// One lab command at a time on a machine: namespaces (sy-h1, …) and cgroups (/sy-lab-h1) are
// machine-wide, so two `up`s — even with different state folders — would trip over each other.
// The lock file names its holder (pid + start time); a holder that died is taken over.
import { open, readFile, unlink } from "node:fs/promises";
import { z } from "zod";
import { LabError, type LabStep } from "./errors.ts";
import { isSameProcess, readProcStat } from "./proc.ts";

export const LOCK_FILE = "/run/sy-lab.lock";

const holderSchema = z.object({ pid: z.number(), startTime: z.number(), command: z.string() });
type Holder = z.infer<typeof holderSchema>;

async function readHolder(): Promise<Holder | null> {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(await readFile(LOCK_FILE, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function tryCreate(me: Holder): Promise<boolean> {
  try {
    const handle = await open(LOCK_FILE, "wx", 0o644);
    await handle.writeFile(JSON.stringify(me));
    await handle.close();
    return true;
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "EEXIST") return false;
    throw err;
  }
}

/** Runs `fn` holding the machine-wide lab lock; refuses (naming the holder) if a live one has it. */
export async function withLabLock<T>(step: LabStep, command: string, fn: () => Promise<T>): Promise<T> {
  const self = await readProcStat(process.pid);
  const me: Holder = { pid: process.pid, startTime: self?.startTime ?? 0, command };
  for (let attempt = 0; !(await tryCreate(me)); attempt++) {
    const holder = await readHolder();
    if (holder && (await isSameProcess(holder.pid, holder.startTime))) {
      throw new LabError(
        step,
        null,
        `another lab command is running (pid ${holder.pid}: ${holder.command}); try again when it ends`,
      );
    }
    if (attempt > 2) throw new LabError(step, null, `cannot take the lab lock ${LOCK_FILE}`);
    // The holder died without releasing: take the lock over.
    await unlink(LOCK_FILE).catch(() => undefined);
  }
  try {
    return await fn();
  } finally {
    const holder = await readHolder();
    if (holder?.pid === me.pid && holder.startTime === me.startTime)
      await unlink(LOCK_FILE).catch(() => undefined);
  }
}
