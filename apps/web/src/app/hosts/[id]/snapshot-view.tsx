// Renders one host snapshot: facts, Docker daemon options (configured vs effective),
// bridges, containers with posture, point-to-point links, NAT/filter rules, namespaces.
import type { Available, HostSnapshot } from "@switchyard/protocol";
import type { ReactNode } from "react";
import { Topology } from "./topology.tsx";

function Unavailable({ reason }: { reason: string }) {
  return <p className="meta">Not available: {reason}</p>;
}

function Section<T>({
  title,
  item,
  children,
  testId,
}: {
  title: string;
  item: Available<T>;
  children: (v: T) => ReactNode;
  testId: string;
}) {
  return (
    <section data-testid={testId}>
      <h2>{title}</h2>
      {item.available ? children(item.value) : <Unavailable reason={item.reason} />}
    </section>
  );
}

const show = (v: unknown) => (v === null || v === undefined ? "—" : String(v));
const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? "—" : v ? "yes" : "no");

export function SnapshotView({
  snapshot: s,
  receivedAt,
}: {
  snapshot: HostSnapshot;
  receivedAt: Date | null;
}) {
  const nsName = new Map<number, string>();
  if (s.namespaces.available) for (const n of s.namespaces.value) nsName.set(n.id, n.name);
  return (
    <>
      <dl className="facts" data-testid="host-facts">
        <dt>Kernel</dt>
        <dd>{s.host.kernel.available ? s.host.kernel.value : "—"}</dd>
        <dt>OS</dt>
        <dd>{s.host.os.available ? show(s.host.os.value.prettyName) : "—"}</dd>
        <dt>ip_forward</dt>
        <dd data-testid="ip-forward">
          {s.host.ipForward.available ? (s.host.ipForward.value ? "on" : "off") : "—"}
        </dd>
        <dt>bridge-nf-call-iptables</dt>
        <dd>
          {s.host.bridgeNfCallIptables.available
            ? yesNo(s.host.bridgeNfCallIptables.value)
            : "br_netfilter not loaded"}
        </dd>
        <dt>Snapshot</dt>
        <dd>{receivedAt ? `received ${receivedAt.toISOString()}` : "—"}</dd>
      </dl>

      <Section title="Topology" item={{ available: true, value: s }} testId="topology-section">
        {(v) => <Topology snapshot={v} />}
      </Section>

      <Section title="Docker daemon" item={s.docker} testId="docker-section">
        {(d) => (
          <>
            <p className="meta">
              Docker {d.version} (API {d.apiVersion})
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Option</th>
                  <th scope="col">Configured</th>
                  <th scope="col">Effective</th>
                </tr>
              </thead>
              <tbody>
                {(() => {
                  const c = d.daemonConfigured.available ? d.daemonConfigured.value : null;
                  const e = d.daemonEffective.available ? d.daemonEffective.value : null;
                  return (
                    <>
                      <tr>
                        <td>bip / subnet</td>
                        <td>{show(c?.bip)}</td>
                        <td data-testid="effective-subnet">{show(e?.subnet)}</td>
                      </tr>
                      <tr>
                        <td>fixed-cidr / ip range</td>
                        <td>{show(c?.fixedCidr)}</td>
                        <td>{show(e?.ipRange)}</td>
                      </tr>
                      <tr>
                        <td>mtu</td>
                        <td>{show(c?.mtu)}</td>
                        <td>{show(e?.mtu)}</td>
                      </tr>
                      <tr>
                        <td>icc</td>
                        <td>{yesNo(c?.icc)}</td>
                        <td data-testid="effective-icc">{yesNo(e?.icc)}</td>
                      </tr>
                      <tr>
                        <td>bridge</td>
                        <td>{show(c?.bridge)}</td>
                        <td>{show(e?.bridgeName)}</td>
                      </tr>
                      <tr>
                        <td>masquerade</td>
                        <td>{yesNo(c?.ipMasq)}</td>
                        <td>{yesNo(e?.masquerade)}</td>
                      </tr>
                    </>
                  );
                })()}
              </tbody>
            </table>
            <h3>Containers</h3>
            {d.containers.length === 0 ? (
              <p className="empty">No containers.</p>
            ) : (
              <table data-testid="containers">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">State</th>
                    <th scope="col">PID</th>
                    <th scope="col">Network</th>
                    <th scope="col">Shared with host</th>
                    <th scope="col">Limits</th>
                    <th scope="col">Capabilities beyond default</th>
                  </tr>
                </thead>
                <tbody>
                  {d.containers.map((c) => {
                    const p = c.posture.available ? c.posture.value : null;
                    const ns = p?.namespaces.available ? p.namespaces.value : null;
                    const shared = ns
                      ? (Object.entries(ns) as [string, { sharedWithHost: boolean | null } | null][])
                          .filter(([, v]) => v?.sharedWithHost)
                          .map(([k]) => k)
                      : [];
                    const cg = p?.cgroup.available ? p.cgroup.value : null;
                    const caps = p?.capabilities.available ? p.capabilities.value : null;
                    return (
                      <tr key={c.id} data-testid="container-row">
                        <td>{c.name}</td>
                        <td>{c.state}</td>
                        <td>{show(c.pid)}</td>
                        <td>
                          {c.networkMode}
                          {c.addresses.map((a) => ` ${a.address}/${a.prefixLength}`)}
                        </td>
                        <td>{shared.length ? shared.join(", ") : "none"}</td>
                        <td>
                          {cg?.memoryLimitBytes
                            ? `mem ${Math.round(cg.memoryLimitBytes / 1048576)} MiB `
                            : ""}
                          {cg?.pidsLimit ? `pids ${cg.pidsLimit} ` : ""}
                          {cg?.cpuQuota && cg.cpuPeriod
                            ? `cpu ${(cg.cpuQuota / cg.cpuPeriod).toFixed(2)}`
                            : ""}
                        </td>
                        <td>
                          {p?.privileged ? "privileged " : ""}
                          {caps?.addedToDockerDefault.join(", ") || "—"}
                          {p?.dockerSocketMounted ? " · docker.sock mounted" : ""}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </>
        )}
      </Section>

      <Section title="Bridges" item={s.bridges} testId="bridges-section">
        {(bridges) =>
          bridges.length === 0 ? (
            <p className="empty">No bridges.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Bridge</th>
                  <th scope="col">Namespace</th>
                  <th scope="col">Addresses</th>
                  <th scope="col">MTU</th>
                  <th scope="col">Ports → leads to</th>
                </tr>
              </thead>
              <tbody>
                {bridges.map((b) => (
                  <tr key={`${b.namespaceId}:${b.name}`} data-testid="bridge-row">
                    <td>{b.name}</td>
                    <td>{nsName.get(b.namespaceId) ?? b.namespaceId}</td>
                    <td>{b.addresses.map((a) => `${a.address}/${a.prefixLength}`).join(", ") || "—"}</td>
                    <td>{b.mtu}</td>
                    <td>
                      {b.ports
                        .map(
                          (p) =>
                            `${p.ifname} → ${p.leadsTo.kind}${p.leadsTo.name ? ` ${p.leadsTo.name}` : ""}`,
                        )
                        .join("; ") || "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Section>

      <Section title="Point-to-point links" item={s.links} testId="links-section">
        {(links) =>
          links.length === 0 ? (
            <p className="empty">No point-to-point links.</p>
          ) : (
            <ul>
              {links.map((l) => (
                <li key={`${l.a.namespaceId}:${l.a.ifname}`} data-testid="p2p-link">
                  {nsName.get(l.a.namespaceId) ?? l.a.namespaceId}:{l.a.ifname} (
                  {l.a.addresses.join(", ") || "no address"}) ↔{" "}
                  {nsName.get(l.b.namespaceId) ?? l.b.namespaceId}:{l.b.ifname} (
                  {l.b.addresses.join(", ") || "no address"}){l.complete ? "" : " — incomplete"}
                </li>
              ))}
            </ul>
          )
        }
      </Section>

      <Section title="NAT and filter rules" item={s.iptables} testId="iptables-section">
        {(ipt) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col">Rule</th>
                <th scope="col">Owner</th>
              </tr>
            </thead>
            <tbody>
              {[...ipt.nat.rules, ...ipt.filter.rules].map((r) => (
                <tr key={`${r.table}:${r.chain}:${r.index}`} data-testid={`rule-${r.table}`}>
                  <td>{r.table}</td>
                  <td>
                    <code>{r.raw}</code>
                  </td>
                  <td>{r.owner}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Network namespaces" item={s.namespaces} testId="namespaces-section">
        {(namespaces) => (
          <>
            {namespaces.map((n) => (
              <details key={n.id}>
                <summary>
                  {n.name} ({n.kind}, inode {n.id})
                </summary>
                {n.interfaces.available ? (
                  <ul>
                    {n.interfaces.value.map((i) => (
                      <li key={i.ifindex}>
                        {i.name} [{i.kind}] mtu {i.mtu} {i.up ? "up" : "down"}
                        {i.master ? ` master ${i.master}` : ""}
                        {i.peer
                          ? ` peer ${i.peer.name ?? i.peer.ifindex}@${i.peer.namespaceId === null ? "?" : (nsName.get(i.peer.namespaceId) ?? i.peer.namespaceId)}`
                          : ""}
                        {i.addresses.map((a) => ` ${a.address}/${a.prefixLength}`)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <Unavailable reason={n.interfaces.reason} />
                )}
                {n.routes.available ? (
                  <ul>
                    {n.routes.value.map((r) => (
                      <li key={`${r.dst}:${r.dev}:${r.gateway}`}>
                        route {r.dst}
                        {r.gateway ? ` via ${r.gateway}` : ""}
                        {r.dev ? ` dev ${r.dev}` : ""}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </details>
            ))}
          </>
        )}
      </Section>
    </>
  );
}
