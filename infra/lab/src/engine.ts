// A minimal Docker Engine API client over a lab host's unix socket (node:http, no docker CLI
// parsing). API version pinned to 1.41 (dockerd 20.10); newer daemons still serve it.
import http from "node:http";
import type { Readable } from "node:stream";
import { z } from "zod";

const API = "/v1.41";

export interface EngineResponse {
  status: number;
  body: string;
}

export interface RequestOptions {
  body?: string | Readable;
  contentType?: string;
  timeoutMs?: number;
}

export const containerSummarySchema = z.object({
  Id: z.string(),
  Names: z.array(z.string()),
  State: z.string(),
  Labels: z.record(z.string(), z.string()).nullable().optional(),
});
export type ContainerSummary = z.infer<typeof containerSummarySchema>;

export const containerInspectSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  State: z.object({ Status: z.string(), Running: z.boolean(), Pid: z.number(), StartedAt: z.string() }),
  NetworkSettings: z.object({ SandboxKey: z.string() }),
  HostConfig: z.object({ RestartPolicy: z.object({ Name: z.string() }).optional() }),
});
export type ContainerInspect = z.infer<typeof containerInspectSchema>;

export class EngineError extends Error {
  override readonly name = "EngineError";
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    body: string,
  ) {
    super(`Docker API ${method} ${path} answered ${status}: ${body.trim().slice(0, 300)}`);
  }
}

export class Engine {
  constructor(readonly socket: string) {}

  request(method: string, path: string, options: RequestOptions = {}): Promise<EngineResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (options.contentType) headers["Content-Type"] = options.contentType;
      if (typeof options.body === "string")
        headers["Content-Length"] = String(Buffer.byteLength(options.body));
      const req = http.request({ socketPath: this.socket, method, path: `${API}${path}`, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      });
      req.setTimeout(options.timeoutMs ?? 60_000, () =>
        req.destroy(new Error(`${method} ${path}: timed out`)),
      );
      req.on("error", reject);
      if (options.body === undefined) req.end();
      else if (typeof options.body === "string") req.end(options.body);
      else {
        options.body.on("error", (err) => req.destroy(err));
        options.body.pipe(req);
      }
    });
  }

  private async ok(method: string, path: string, options: RequestOptions = {}): Promise<EngineResponse> {
    const res = await this.request(method, path, options);
    if (res.status < 200 || res.status >= 300) throw new EngineError(method, path, res.status, res.body);
    return res;
  }

  /** True when GET /_ping answers OK within timeoutMs. */
  async ping(timeoutMs = 2_000): Promise<boolean> {
    try {
      const res = await this.request("GET", "/_ping", { timeoutMs });
      return res.status === 200 && res.body === "OK";
    } catch {
      return false;
    }
  }

  async imageExists(ref: string): Promise<boolean> {
    const res = await this.request("GET", `/images/${encodeURIComponent(ref)}/json`);
    if (res.status === 404) return false;
    if (res.status !== 200) throw new EngineError("GET", `/images/${ref}/json`, res.status, res.body);
    return true;
  }

  /** `docker import`: a root file system tar stream becomes image `ref` (repo:tag). */
  async importImage(tar: Readable, ref: string): Promise<void> {
    const colon = ref.lastIndexOf(":");
    const query = new URLSearchParams({ fromSrc: "-", repo: ref.slice(0, colon), tag: ref.slice(colon + 1) });
    const res = await this.ok("POST", `/images/create?${query}`, {
      body: tar,
      contentType: "application/x-tar",
    });
    // The answer is a JSON progress stream; a failure shows up as an {"error": …} message in it.
    for (const line of res.body.split("\n")) {
      if (!line.trim()) continue;
      const msg = z.object({ error: z.string().optional() }).safeParse(JSON.parse(line));
      if (msg.success && msg.data.error) throw new Error(`image import failed: ${msg.data.error}`);
    }
  }

  async listContainers(): Promise<ContainerSummary[]> {
    const res = await this.ok("GET", "/containers/json?all=1");
    return z.array(containerSummarySchema).parse(JSON.parse(res.body));
  }

  /** Inspect by name or id; null when there is no such container. */
  async inspectContainer(nameOrId: string): Promise<ContainerInspect | null> {
    const res = await this.request("GET", `/containers/${encodeURIComponent(nameOrId)}/json`);
    if (res.status === 404) return null;
    if (res.status !== 200)
      throw new EngineError("GET", `/containers/${nameOrId}/json`, res.status, res.body);
    return containerInspectSchema.parse(JSON.parse(res.body));
  }

  async createContainer(name: string, spec: object): Promise<string> {
    const res = await this.ok("POST", `/containers/create?name=${encodeURIComponent(name)}`, {
      body: JSON.stringify(spec),
      contentType: "application/json",
    });
    return z.object({ Id: z.string() }).parse(JSON.parse(res.body)).Id;
  }

  async startContainer(id: string): Promise<void> {
    const res = await this.request("POST", `/containers/${encodeURIComponent(id)}/start`);
    // 304: already started.
    if (res.status !== 204 && res.status !== 304) {
      throw new EngineError("POST", `/containers/${id}/start`, res.status, res.body);
    }
  }

  /** Removes a container (force: kills it first); false when it was already gone. */
  async removeContainer(id: string): Promise<boolean> {
    const res = await this.request("DELETE", `/containers/${encodeURIComponent(id)}?force=1`);
    if (res.status === 404) return false;
    if (res.status !== 204) throw new EngineError("DELETE", `/containers/${id}`, res.status, res.body);
    return true;
  }
}
