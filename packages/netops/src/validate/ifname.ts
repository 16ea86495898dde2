// Interface names as Linux accepts them, minus everything that could smuggle shell syntax or
// path components, and minus names Docker manages (RELIABILITY "Bad input" 12).
import { invalid, ok, type Validation } from "../result.ts";

/** Names an operator may use: a letter, then up to 14 of [A-Za-z0-9_.-] (IFNAMSIZ is 16 with the NUL). */
export const IFNAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.-]{0,14}$/;

/** Longest interface name in bytes. */
export const IFNAME_MAX_BYTES = 15;

/** True for names Docker creates and may delete or rename: docker0 (dockerN), docker_gwbridge, veth*, br-*. */
export function isDockerOwnedIfname(name: string): boolean {
  return (
    /^docker\d*$/.test(name) ||
    name === "docker_gwbridge" ||
    name.startsWith("veth") ||
    name.startsWith("br-")
  );
}

/** Options of validateInterfaceName. */
export interface IfnameOptions {
  /** Field name used in the message ("ifname", "a.ifname"). */
  field?: string;
  /** Accept names Docker owns (for reading, or for `-b docker0`-style references); default false. */
  allowDockerOwned?: boolean;
}

/** Validates an interface name an operator asked for; the value is the name unchanged. */
export function validateInterfaceName(input: unknown, options: IfnameOptions = {}): Validation<string> {
  const field = options.field ?? "ifname";
  if (typeof input !== "string") return invalid(field, "must be a string");
  if (input.length === 0) return invalid(field, "must not be empty");
  if (/\s/.test(input)) return invalid(field, "must not contain whitespace or newlines");
  if (input.includes("/")) return invalid(field, "must not contain '/'");
  if (input.includes(":")) return invalid(field, "must not contain ':'");
  if (/[^\x20-\x7e]/.test(input)) return invalid(field, "must be printable ASCII");
  if (input === "." || input === "..") return invalid(field, "must not be '.' or '..'");
  if (input.length > IFNAME_MAX_BYTES) {
    return invalid(field, `must be at most ${IFNAME_MAX_BYTES} bytes (got ${input.length})`);
  }
  if (!IFNAME_PATTERN.test(input)) {
    return invalid(field, "must start with a letter and contain only letters, digits, '_', '.' and '-'");
  }
  if (!options.allowDockerOwned && isDockerOwnedIfname(input)) {
    return invalid(
      field,
      `must not be a name Docker manages (docker0, docker_gwbridge, veth*, br-*): ${input}`,
    );
  }
  return ok(input);
}
