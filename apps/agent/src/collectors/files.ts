// Small file readers that turn every failure into `{available: false, reason}`: a collector
// without root reads what it can and reports the rest as unavailable with the errno, never a
// guess.
import { readdir, readFile, readlink, stat } from "node:fs/promises";
import { type Available, available, unavailable } from "@switchyard/protocol";

/** Errno code of a failed fs call ("ENOENT"), or the message. */
export function errnoOf(err: unknown): string {
  if (err instanceof Error && "code" in err && typeof err.code === "string") return err.code;
  return err instanceof Error ? err.message : String(err);
}

/** Text of a file, or why not. */
export async function readText(path: string): Promise<Available<string>> {
  try {
    return available(await readFile(path, "utf8"));
  } catch (err) {
    return unavailable(`${path}: ${errnoOf(err)}`);
  }
}

/** Text of a file, null when it does not exist (a missing daemon.json means Docker's defaults), or why not. */
export async function readOptionalText(path: string): Promise<Available<string | null>> {
  try {
    return available(await readFile(path, "utf8"));
  } catch (err) {
    return errnoOf(err) === "ENOENT" ? available(null) : unavailable(`${path}: ${errnoOf(err)}`);
  }
}

/** The namespace links of a process (`readlink /proc/<pid>/ns/*`), keyed by type. */
export async function readNsLinks(dir: string): Promise<Available<Record<string, string>>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    return unavailable(`${dir}: ${errnoOf(err)}`);
  }
  const links: Record<string, string> = {};
  const problems: string[] = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        links[name] = await readlink(`${dir}/${name}`);
      } catch (err) {
        problems.push(`${name}: ${errnoOf(err)}`);
      }
    }),
  );
  if (Object.keys(links).length === 0) return unavailable(`${dir}: ${problems.join(", ") || "empty"}`);
  return available(links);
}

/** Inode of an nsfs file (a namespace's id), or null when it cannot be stat'ed. */
export async function nsInode(path: string): Promise<number | null> {
  try {
    return (await stat(path)).ino;
  } catch {
    return null;
  }
}
