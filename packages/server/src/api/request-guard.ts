// Refusals that happen before any procedure runs (Next.js route handlers get no CSRF
// protection of their own): mutations must be JSON from our own Origin, and credentials
// are never accepted in a URL.

/** Header the custom server sets to the socket's peer address (client values are dropped). */
export const REMOTE_ADDR_HEADER = "x-switchyard-remote-addr";

const CREDENTIAL_PARAMS =
  /^(token|access_token|api_key|apikey|key|password|secret|auth|authorization|session|session_token|bearer)$/i;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Allowed Origins: the public URL's, plus its loopback twin (127.0.0.1 <-> localhost). */
export function allowedOrigins(publicUrl: string): Set<string> {
  const url = new URL(publicUrl);
  const origins = new Set([url.origin]);
  const twin = url.hostname === "127.0.0.1" ? "localhost" : url.hostname === "localhost" ? "127.0.0.1" : null;
  if (twin) origins.add(`${url.protocol}//${twin}${url.port ? `:${url.port}` : ""}`);
  return origins;
}

/** Why the request is refused, or null when it may proceed. Pure. */
export function refusal(
  req: { method: string; url: string; headers: Headers },
  origins: ReadonlySet<string>,
): string | null {
  const url = new URL(req.url);
  for (const name of url.searchParams.keys()) {
    if (CREDENTIAL_PARAMS.test(name)) return `credentials are not accepted in the URL (parameter "${name}")`;
  }
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;

  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return "mutations require Content-Type: application/json";

  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (origin === "null") return 'requests with "Origin: null" are refused';
    if (!origins.has(origin)) return `origin ${origin} is not allowed`;
    return null;
  }
  // No Origin: every browser sends one on POST, so this is a script. It may use a bearer
  // token; it may not ride on a cookie.
  if (req.headers.has("cookie")) return "a request carrying cookies must send its Origin";
  return null;
}

export function refusedResponse(reason: string): Response {
  return Response.json({ error: { code: "REQUEST_REFUSED", message: reason } }, { status: 403 });
}
