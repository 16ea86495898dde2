// `pnpm maintenance …` from the repository root: privileged maintenance that is not reachable
// over the API (audit retention, chain verification, the app's database role). It opens the
// database directly with the owner's connection, so it runs where the operator has it.
import { env } from "./src/env.ts";
import { runMaintenance } from "./src/maintenance/run.ts";

process.exitCode = await runMaintenance(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: () => env(),
});
