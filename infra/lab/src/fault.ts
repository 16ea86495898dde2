// Test-only fault injection: SY_LAB_FAIL_AFTER=<host>:<step> makes `lab up` throw right after that
// step succeeded on that host, so a test can prove a half-built lab is rolled back completely.
import { z } from "zod";
import type { FaultPoint } from "./config.ts";
import { HOST_STEPS, type HostStep, LabError } from "./errors.ts";

const stepSchema = z.enum(HOST_STEPS);

export const faultPointSchema = z.string().transform((value, ctx): FaultPoint => {
  const match = /^(h[1-9][0-9]*):(.+)$/.exec(value);
  const step = stepSchema.safeParse(match?.[2]);
  if (!match?.[1] || !step.success) {
    ctx.addIssue({
      code: "custom",
      message: `must look like h2:dockerd (host:step, step one of ${HOST_STEPS.join(", ")})`,
    });
    return z.NEVER;
  }
  return { host: match[1], step: step.data };
});

export function injectFault(failAfter: FaultPoint | undefined, host: string, step: HostStep): void {
  if (failAfter && failAfter.host === host && failAfter.step === step) {
    throw new LabError(step, host, `fault injected by SY_LAB_FAIL_AFTER=${host}:${step}`);
  }
}
