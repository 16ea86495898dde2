// The lab's environment variables, parsed once with zod (process.env is read nowhere else).
import { z } from "zod";
import { type FaultPoint, labDirSchema, runDirSchema } from "./config.ts";
import { faultPointSchema } from "./fault.ts";

const unsetIfEmpty = (v: unknown) => (v === "" ? undefined : v);

const envSchema = z.object({
  /** State folder (default /var/lib/sy-lab). */
  SY_LAB_DIR: z.preprocess(unsetIfEmpty, labDirSchema.optional()),
  /** Run folder (default /run/sy-lab). */
  SY_LAB_RUN_DIR: z.preprocess(unsetIfEmpty, runDirSchema.optional()),
  /** Test-only: `up` throws after <host>:<step>. */
  SY_LAB_FAIL_AFTER: z.preprocess(unsetIfEmpty, faultPointSchema.optional()),
  /** Set by pnpm to the directory the command was typed in; relative paths resolve against it. */
  INIT_CWD: z.preprocess(unsetIfEmpty, z.string().optional()),
});

export interface LabEnv {
  stateDir: string | undefined;
  runDir: string | undefined;
  failAfter: FaultPoint | undefined;
  cwd: string;
}

/** Throws one line per bad variable, each naming it. */
export function parseEnv(env: Record<string, string | undefined>, cwd: string): LabEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("\n"));
  }
  return {
    stateDir: parsed.data.SY_LAB_DIR,
    runDir: parsed.data.SY_LAB_RUN_DIR,
    failAfter: parsed.data.SY_LAB_FAIL_AFTER,
    cwd: parsed.data.INIT_CWD ?? cwd,
  };
}
