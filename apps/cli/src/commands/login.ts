import { apiClient, CliError } from "../client.ts";
import { type Credentials, removeCredentials, writeCredentials } from "../credentials.ts";
import { type Io, out, prompt, readAll } from "../io.ts";

export interface LoginOptions {
  server: string;
  user?: string | undefined;
  passwordStdin: boolean;
  token?: string | undefined;
  json: boolean;
}

/** Signs in with a password (keeps the session cookie) or checks and keeps a token. */
export async function login(io: Io, opts: LoginOptions) {
  let server: string;
  try {
    server = new URL(opts.server).origin;
  } catch {
    throw new CliError(`--server: not a URL: ${opts.server}`);
  }
  let creds: Credentials;
  if (opts.token) {
    creds = { server, token: opts.token };
  } else {
    const username = opts.user ?? (await prompt(io, "Username: "));
    const password = opts.passwordStdin
      ? (await readAll(io.stdin)).replace(/\r?\n$/, "")
      : await prompt(io, "Password: ", true);
    if (!username) throw new CliError("--user: a username is required");
    if (!password) throw new CliError("password: empty");
    let cookies: string[] = [];
    await apiClient({ server }, (c) => {
      if (c.length) cookies = c;
    }).auth.signIn.mutate({ username, password });
    const cookie = cookies
      .map((c) => c.split(";")[0])
      .filter(Boolean)
      .join("; ");
    if (!cookie) throw new CliError("the server set no session cookie");
    creds = { server, cookie, username };
  }
  const me = await apiClient(creds).auth.whoami.query();
  const file = writeCredentials(io.env, { ...creds, username: me.username });
  out(
    io,
    opts.json,
    { server, username: me.username, kind: me.kind, credentials: file },
    () => `Signed in to ${server} as ${me.username} (${me.kind}); credentials in ${file}`,
  );
}

export async function logout(io: Io, creds: Credentials | null, json: boolean) {
  if (creds?.cookie) {
    try {
      await apiClient(creds).auth.signOut.mutate();
    } catch {
      // The session may already be gone; the local file goes either way.
    }
  }
  removeCredentials(io.env);
  out(io, json, { ok: true }, () => "Signed out.");
}
