// `switchyard` — the operator CLI over the same tRPC API as the dashboard. `run` is the
// whole program, with its streams and environment passed in so tests can drive it.
import { parseArgs } from "node:util";
import { CliError, describeError } from "./client.ts";
import { hostsList } from "./commands/hosts.ts";
import { login, logout } from "./commands/login.ts";
import { tokenCreate, tokenList, tokenRevoke } from "./commands/token.ts";
import { whoami } from "./commands/whoami.ts";
import { readCredentials } from "./credentials.ts";
import type { Io } from "./io.ts";

export const usage = `Usage: switchyard <command> [options]

Commands:
  login --server URL [--user U --password-stdin | --token T]
                       sign in (prompts for user and password when not given)
  logout               forget the stored credential (and end the session)
  whoami               who you are on the server, and your grants
  token create --role R [--selector S] [--expires D] [--name N]
                       create an API token (D: 30, 30d, 12h or never; default 90d)
  token list           your API tokens
  token revoke ID      revoke one of your tokens
  hosts list [--search TEXT]
                       hosts within your scope

Options:
  --json               machine-readable output (every command)
  -h, --help           this help

Environment: SWITCHYARD_URL and SWITCHYARD_TOKEN override the stored credential.`;

const options = {
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  server: { type: "string" },
  user: { type: "string" },
  "password-stdin": { type: "boolean", default: false },
  token: { type: "string" },
  role: { type: "string" },
  selector: { type: "string" },
  expires: { type: "string" },
  name: { type: "string" },
  search: { type: "string" },
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true });
  } catch (err) {
    io.stderr.write(`switchyard: ${err instanceof Error ? err.message : String(err)}\n${usage}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [cmd, sub, arg] = positionals;
  if (v.help || !cmd) {
    io.stdout.write(`${usage}\n`);
    return cmd || v.help ? 0 : 2;
  }
  const fail = (message: string, code = 1) => {
    if (v.json) io.stdout.write(`${JSON.stringify({ error: message })}\n`);
    io.stderr.write(`switchyard: ${message}\n`);
    return code;
  };
  try {
    if (cmd === "login") {
      const server = v.server || io.env.SWITCHYARD_URL;
      if (!server) return fail("login: --server URL is required", 2);
      await login(io, {
        server,
        user: v.user,
        passwordStdin: v["password-stdin"],
        token: v.token,
        json: v.json,
      });
      return 0;
    }
    const creds = readCredentials(io.env);
    if (cmd === "logout") {
      await logout(io, creds, v.json);
      return 0;
    }
    if (!creds) return fail("not signed in: run `switchyard login --server URL` or set SWITCHYARD_URL", 2);
    if (cmd === "whoami") await whoami(io, creds, v.json);
    else if (cmd === "token" && sub === "create")
      await tokenCreate(io, creds, {
        role: v.role,
        selector: v.selector,
        expires: v.expires,
        name: v.name,
        json: v.json,
      });
    else if (cmd === "token" && sub === "list") await tokenList(io, creds, v.json);
    else if (cmd === "token" && sub === "revoke") await tokenRevoke(io, creds, arg, v.json);
    else if (cmd === "hosts" && sub === "list")
      await hostsList(io, creds, { search: v.search, json: v.json });
    else return fail(`unknown command: ${positionals.join(" ")}\n${usage}`, 2);
    return 0;
  } catch (err) {
    return fail(err instanceof CliError ? err.message : describeError(err));
  }
}
