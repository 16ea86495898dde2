// Lab network namespaces (sy-h<i>), managed with iproute2 in the machine's root namespace. The
// lab only ever adds and deletes namespaces named sy-*; it never touches root-namespace links.
import { readdir } from "node:fs/promises";
import { loopbackUpArgv, netnsAddArgv, netnsDeleteArgv } from "./commands.ts";
import { runOk } from "./run.ts";

export const NETNS_DIR = "/var/run/netns";

export async function listNetns(): Promise<string[]> {
  try {
    return (await readdir(NETNS_DIR)).sort();
  } catch {
    return [];
  }
}

/** Namespaces with the lab's prefix (sy-…), whoever created them. */
export async function listLabNetns(): Promise<string[]> {
  return (await listNetns()).filter((n) => n.startsWith("sy-"));
}

export async function netnsExists(name: string): Promise<boolean> {
  return (await listNetns()).includes(name);
}

/** Adds the namespace and brings its loopback up; `created` runs as soon as the namespace exists. */
export async function addNetns(name: string, created: () => void): Promise<void> {
  await runOk(netnsAddArgv(name));
  created();
  await runOk(loopbackUpArgv(name));
}

export async function deleteNetns(name: string): Promise<boolean> {
  if (!(await netnsExists(name))) return false;
  await runOk(netnsDeleteArgv(name));
  return true;
}
