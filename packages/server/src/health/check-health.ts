import type { DbHandle } from "@switchyard/db";

export interface Health {
  status: "ok" | "error";
  database: { driver: "postgres" | "pglite"; ok: boolean; latencyMs: number; error?: string };
}

/** Asks the database for `select 1` within `timeoutMs`; never throws. */
export async function checkHealth(handle: DbHandle, timeoutMs = 2000): Promise<Health> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      handle.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const latencyMs = Math.round(performance.now() - started);
    return { status: "ok", database: { driver: handle.config.driver, ok: true, latencyMs } };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    // Only a one-line summary: raw driver errors can carry connection details.
    const error =
      err instanceof Error && err.message.startsWith("no answer") ? err.message : "database unreachable";
    return { status: "error", database: { driver: handle.config.driver, ok: false, latencyMs, error } };
  } finally {
    clearTimeout(timer);
  }
}
