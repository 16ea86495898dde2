// Input schemas shared by the users and tokens services and the tRPC routers.
import { roles } from "@switchyard/db";
import { z } from "zod";
import { MAX_SELECTOR_LENGTH, parseSelector, SelectorError } from "../authz/label-selector.ts";

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "username must be at least 3 characters")
  .max(32, "username must be at most 32 characters")
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "username may hold a-z, 0-9, '.', '_' and '-', starting with a letter or digit",
  );

export const passwordSchema = z.string().min(1, "password is required").max(128);

export const selectorSchema = z
  .string()
  .trim()
  .max(MAX_SELECTOR_LENGTH)
  .nullable()
  .transform((s, ctx) => {
    if (s === null || s === "") return null;
    try {
      parseSelector(s);
      return s;
    } catch (err) {
      ctx.addIssue({
        code: "custom",
        message: err instanceof SelectorError ? err.message : "invalid selector",
      });
      return z.NEVER;
    }
  });

export const grantInputSchema = z.object({
  role: z.enum(roles),
  selector: selectorSchema.default(null),
});
export type GrantInput = z.output<typeof grantInputSchema>;

export const grantsInputSchema = z.array(grantInputSchema).max(20, "at most 20 grants");
