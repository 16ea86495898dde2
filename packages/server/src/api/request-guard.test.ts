import { describe, expect, it } from "vitest";
import { allowedOrigins, refusal } from "./request-guard.ts";

const origins = allowedOrigins("http://127.0.0.1:3000");
const req = (method: string, path: string, headers: Record<string, string>) => ({
  method,
  url: `http://127.0.0.1:3000${path}`,
  headers: new Headers(headers),
});
const json = { "content-type": "application/json" };

describe("request guard", () => {
  it("lets a same-origin JSON mutation through", () => {
    expect(
      refusal(req("POST", "/api/trpc/x", { ...json, origin: "http://127.0.0.1:3000" }), origins),
    ).toBeNull();
    expect(
      refusal(req("POST", "/api/trpc/x", { ...json, origin: "http://localhost:3000" }), origins),
    ).toBeNull();
  });

  it.each([
    ["text/plain", { "content-type": "text/plain", origin: "http://127.0.0.1:3000" }, /application\/json/],
    [
      "a form",
      { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1:3000" },
      /json/,
    ],
    [
      "multipart",
      { "content-type": "multipart/form-data; boundary=x", origin: "http://127.0.0.1:3000" },
      /json/,
    ],
    ["no content type", { origin: "http://127.0.0.1:3000" }, /json/],
    ["a foreign origin", { ...json, origin: "http://evil.example" }, /not allowed/],
    ["another port", { ...json, origin: "http://127.0.0.1:3001" }, /not allowed/],
    ["Origin: null", { ...json, origin: "null" }, /Origin: null/],
    ["cookies without Origin", { ...json, cookie: "switchyard.session_token=x" }, /Origin/],
  ])("refuses a mutation with %s", (_name, headers, reason) => {
    expect(refusal(req("POST", "/api/trpc/x", headers), origins)).toMatch(reason);
  });

  it("lets a script with a bearer token and no Origin through", () => {
    expect(
      refusal(req("POST", "/api/trpc/x", { ...json, authorization: "Bearer sy_x" }), origins),
    ).toBeNull();
  });

  it("refuses credentials in the query string, on reads too", () => {
    expect(refusal(req("GET", "/api/trpc/auth.whoami?token=sy_abc", {}), origins)).toMatch(/URL/);
    expect(refusal(req("GET", "/api/trpc/auth.whoami?API_KEY=1", {}), origins)).toMatch(/URL/);
    expect(refusal(req("GET", "/api/trpc/hosts.list?input=%7B%7D", {}), origins)).toBeNull();
  });
});
