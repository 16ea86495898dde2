// Subnets a host already uses, for the overlap check of a new bridge, bip or link address
// (RELIABILITY "Bad input" 13): Docker's network subnets and the host namespace's routes.
import type { HostSnapshot } from "@switchyard/protocol";
import type { SubnetInUse } from "../validate/network-params.ts";

/** Docker network subnets and host routes (the default route excluded) of a snapshot. */
export function subnetsInUse(snapshot: HostSnapshot): SubnetInUse[] {
  const uses: SubnetInUse[] = [];
  if (snapshot.docker.available) {
    for (const network of snapshot.docker.value.networks) {
      for (const subnet of network.subnets)
        uses.push({ cidr: subnet.subnet, what: `Docker network ${network.name}` });
    }
  }
  if (snapshot.namespaces.available) {
    for (const ns of snapshot.namespaces.value) {
      if (ns.kind !== "host" || !ns.routes.available) continue;
      for (const route of ns.routes.value) {
        if (route.family !== "inet" || route.dst === "0.0.0.0/0") continue;
        uses.push({ cidr: route.dst, what: `route ${route.dst}${route.dev ? ` dev ${route.dev}` : ""}` });
      }
    }
  }
  return uses;
}
