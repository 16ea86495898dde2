// Versioning and size limits of the agent <-> server protocol. One place, so the gateway, the
// agent and the tests agree on the numbers.

/**
 * Version of the agent <-> server protocol in this package. The agent sends it in `hello` (and in
 * the enrollment request); the server answers `welcome` with the version it will speak or closes
 * the socket with a protocol error. Bump it only for changes an older peer would misread;
 * adding an optional field is not such a change (both sides strip unknown fields).
 */
export const PROTOCOL_VERSION = 1;

/**
 * Largest frame either side accepts: 4 MiB (4 × 1024 × 1024 bytes of UTF-8 JSON), the same as
 * the gateway's WebSocket `maxPayload`. The largest message is a full `snapshot`: the lab's
 * host h1 (4 containers, 5 namespaces, 3 bridges, 2 point-to-point links, 23 iptables rules)
 * serialises to about 27 KB, and each container adds roughly 3–5 KB (its namespace, veth,
 * routes, posture, bridge port), so 4 MiB holds a host with several hundred to a thousand
 * containers. A bigger frame is refused before it is parsed (`too_large`), so hostile input
 * costs at most this much work.
 */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
