// Boot-time configuration: reads the --config file (if any), parses everything once, and on
// any problem prints every one of them and exits 2. process.env is read here and nowhere else.
import { readFileSync } from "node:fs";
import { configFilePath, type Invocation, parseConfig } from "./config.ts";

export function loadInvocation(argv: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  const filePath = configFilePath(argv, env);
  let fileText: string | undefined;
  const problems: string[] = [];
  if (filePath !== undefined) {
    try {
      fileText = readFileSync(filePath, "utf8");
    } catch (err) {
      problems.push(`--config: cannot read ${filePath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const result = parseConfig({ argv, env, fileText, filePath });
  if (!result.ok) problems.push(...result.problems);
  if (problems.length > 0 || !result.ok) {
    process.stderr.write(
      `switchyard-agent: invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`,
    );
    process.exit(2);
  }
  return result.value;
}
