// `switchyard` — the operator CLI over the same tRPC API as the dashboard. `run` is the
// whole program, with its streams and environment passed in so tests can drive it.
import { parseArgs } from "node:util";
import { CliError, describeError } from "./client.ts";
import { auditExport, auditHead, auditList, auditVerify } from "./commands/audit.ts";
import { auditFilterFrom, intFlag } from "./commands/audit-filter.ts";
import { enrollTokenCreate } from "./commands/enroll-token.ts";
import { hostsList, hostsShow } from "./commands/hosts.ts";
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
  hosts show HOST      one host (name or id): state, labels, counts, snapshot
  enroll-token create [--ttl 1h] [--uses N] [--label k=v]... [--name N]
                       an enrollment token for new agents (admins)
  hosts list [--search TEXT]
                       hosts within your scope
  audit list [FILTERS] [--limit N] [--cursor C]
                       audit events, newest first (N ≤ 200; C: the nextCursor printed last)
  audit export --format csv|ndjson [FILTERS] [--output FILE]
                       the whole filtered log, streamed to stdout or FILE
  audit verify [--known-head SEQ:HASH]
                       check the hash chain; exit 1 naming the first broken row
  audit head           the chain's last link, to keep elsewhere for verify --known-head

Audit filters: --from ISO --to ISO --actor NAME|ID --action X (or prefix.*)
  --host NAME|ID --outcome O[,O…] --text T

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
  ttl: { type: "string" },
  uses: { type: "string" },
  label: { type: "string", multiple: true },
  from: { type: "string" },
  to: { type: "string" },
  actor: { type: "string" },
  action: { type: "string" },
  host: { type: "string" },
  outcome: { type: "string" },
  text: { type: "string" },
  limit: { type: "string" },
  cursor: { type: "string" },
  format: { type: "string" },
  output: { type: "string" },
  "known-head": { type: "string" },
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
    else if (cmd === "hosts" && sub === "show") await hostsShow(io, creds, arg, v.json);
    else if (cmd === "enroll-token" && sub === "create")
      await enrollTokenCreate(io, creds, {
        ttl: v.ttl,
        uses: v.uses,
        name: v.name,
        labels: v.label,
        json: v.json,
      });
    else if (cmd === "audit" && sub === "list")
      await auditList(io, creds, {
        filter: auditFilterFrom(v),
        limit: intFlag("--limit", v.limit, 1, 200),
        cursor: intFlag("--cursor", v.cursor, 1, Number.MAX_SAFE_INTEGER),
        json: v.json,
      });
    else if (cmd === "audit" && sub === "export")
      await auditExport(io, creds, {
        format: v.format,
        filter: auditFilterFrom(v),
        output: v.output,
        json: v.json,
      });
    else if (cmd === "audit" && sub === "verify")
      return await auditVerify(io, creds, { knownHead: v["known-head"], json: v.json });
    else if (cmd === "audit" && sub === "head") await auditHead(io, creds, v.json);
    else return fail(`unknown command: ${positionals.join(" ")}\n${usage}`, 2);
    return 0;
  } catch (err) {
    return fail(err instanceof CliError ? err.message : describeError(err));
  }
}
