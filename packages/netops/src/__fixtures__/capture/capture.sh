#!/bin/bash
# Captures the netops fixtures from the lab built by setup-lab.sh. Reads only, except the last
# step, which adds a SWITCHYARD chain, an admin rule and a MASQUERADE inside sy-h1 (nowhere else).
# Usage: capture.sh packages/netops/src/__fixtures__
set -euo pipefail
OUT=${1:?out dir}
D1="docker -H unix:///run/sy-lab/h1/docker.sock"
H1="nsenter --net=/var/run/netns/sy-h1"
H2="nsenter --net=/var/run/netns/sy-h2"
api() { curl -sf --unix-socket "/run/sy-lab/$1/docker.sock" "http://localhost/v1.41$2" | python3 -m json.tool --indent 2; }
pretty() { python3 -m json.tool --indent 2; }

# Kernel objects of lab host h1 (its network namespace sy-h1).
$H1 ip -json link show | pretty > "$OUT/ip-link.h1.json"
$H1 ip -json -d link show | pretty > "$OUT/ip-link-detail.h1.json"
$H1 ip -json addr show | pretty > "$OUT/ip-addr.h1.json"
$H1 ip -json route show | pretty > "$OUT/ip-route.h1.json"
# The same through `ip -n` (what the agent runs for a lab host); must be identical to nsenter.
ip -n sy-h1 -json route show | pretty > "$OUT/.ip-route.h1.ip-n.json"
cmp "$OUT/ip-route.h1.json" "$OUT/.ip-route.h1.ip-n.json" && rm "$OUT/.ip-route.h1.ip-n.json"
$H1 ip -json netns list-id | pretty > "$OUT/ip-netns-list-id.h1.json"
ip -json netns list | pretty > "$OUT/ip-netns-list.json"

# Every container's namespace, entered by its SandboxKey.
for c in c1 c2 c3 c4; do
  K=$($D1 inspect -f '{{.NetworkSettings.SandboxKey}}' $c)
  nsenter --net="$K" ip -json -d link show | pretty > "$OUT/ip-link-detail.h1-$c.json"
  nsenter --net="$K" ip -json addr show | pretty > "$OUT/ip-addr.h1-$c.json"
  nsenter --net="$K" ip -json route show | pretty > "$OUT/ip-route.h1-$c.json"
done

# iptables: h1 runs the default daemon.json plus a user network; h2 runs icc=false, bip, mtu, a published port.
$H1 iptables-save > "$OUT/iptables-save.h1.txt"
$H2 iptables-save > "$OUT/iptables-save.h2-icc-false.txt"
$H1 nft -j list ruleset | pretty > "$OUT/nft-ruleset.h1.json"
cp /var/lib/sy-lab/h2/daemon.json "$OUT/daemon.h2.json"
cp /etc/default/docker "$OUT/etc-default-docker.debian.txt"

# /proc of a default container (c3) and of c4 (--cap-add NET_ADMIN --pid=host --memory 64m ...).
P3=$($D1 inspect -f '{{.State.Pid}}' c3); P4=$($D1 inspect -f '{{.State.Pid}}' c4)
cat /proc/$P3/status > "$OUT/proc-status.h1-c3-default.txt"
for c in c1 c2; do cat /proc/$($D1 inspect -f '{{.State.Pid}}' $c)/status > "$OUT/proc-status.h1-$c.txt"; done
cat /proc/$P4/status > "$OUT/proc-status.h1-c4-netadmin-pidhost.txt"
ns_json() { # $1: a /proc/<pid>/ns dir → {"net":"net:[4026...]",...} as readlink shows them
  python3 -c 'import os,sys,json; d=sys.argv[1]; print(json.dumps({n: os.readlink(os.path.join(d,n)) for n in sorted(os.listdir(d))}, indent=2))' "$1"
}
{
  echo '{'
  echo '"self": '; ns_json /proc/self/ns; echo ','
  echo '"labHostNetInode": '"$(stat -L -c %i /var/run/netns/sy-h1)"','
  for c in c1 c2 c3 c4; do
    P=$($D1 inspect -f '{{.State.Pid}}' $c); K=$($D1 inspect -f '{{.NetworkSettings.SandboxKey}}' $c)
    echo '"'$c'": {"pid": '$P', "sandboxKeyInode": '"$(stat -L -c %i "$K")"', "ns": '; ns_json /proc/$P/ns; echo '}'
    [ $c = c4 ] || echo ','
  done
  echo '}'
} | pretty > "$OUT/proc-ns.h1.json"

# cgroup v1 limit files (the lab passes --cgroup-parent /sy-lab-h1).
cg_json() {
  python3 - "$1" <<'PY'
import sys, json
cid = sys.argv[1]
files = {
  "memory/memory.limit_in_bytes": "memory", "cpu/cpu.cfs_quota_us": "cpu", "cpu/cpu.cfs_period_us": "cpu",
  "cpu/cpu.shares": "cpu", "pids/pids.max": "pids",
}
out = {}
for f in files:
  ctl, name = f.split("/")
  with open(f"/sys/fs/cgroup/{ctl}/sy-lab-h1/{cid}/{name}") as fh:
    out[name] = fh.read()
print(json.dumps(out, indent=2))
PY
}
cg_json "$($D1 inspect -f '{{.Id}}' c3)" > "$OUT/cgroup-v1.h1-c3-default.json"
for c in c1 c2; do cg_json "$($D1 inspect -f '{{.Id}}' $c)" > "$OUT/cgroup-v1.h1-$c.json"; done
cg_json "$($D1 inspect -f '{{.Id}}' c4)" > "$OUT/cgroup-v1.h1-c4-limits.json"

# sysctls and host facts.
{
  echo '{'
  echo '"h1.ip_forward": '"$($H1 cat /proc/sys/net/ipv4/ip_forward)"','
  echo '"h1.bridge-nf-call-iptables": '"$($H1 cat /proc/sys/net/bridge/bridge-nf-call-iptables)"','
  echo '"kernel.osrelease": "'"$(cat /proc/sys/kernel/osrelease)"'",'
  echo '"kernel.cap_last_cap": '"$(cat /proc/sys/kernel/cap_last_cap)"
  echo '}'
} | pretty > "$OUT/sysctl.h1.json"
cp /etc/os-release "$OUT/os-release.txt"
cp /etc/machine-id "$OUT/machine-id.txt"

# Docker Engine API of h1 (and h2's bridge network, icc=false).
api h1 "/containers/json?all=1" > "$OUT/docker-containers.h1.json"
for c in c1 c2 c3 c4; do api h1 "/containers/$c/json" > "$OUT/docker-container.h1-$c.json"; done
api h1 /networks/bridge > "$OUT/docker-network-bridge.h1.json"
api h2 /networks/bridge > "$OUT/docker-network-bridge.h2-icc-false.json"
api h1 /networks > "$OUT/docker-networks.h1.json"
api h1 /version > "$OUT/docker-version.h1.json"
api h1 /info > "$OUT/docker-info.h1.json"
# Lab host h2 (icc=false, bip 192.168.77.1/24, mtu 1450, one container "web" with -p 8080:80).
D2="docker -H unix:///run/sy-lab/h2/docker.sock"
$H2 ip -json -d link show | pretty > "$OUT/ip-link-detail.h2.json"
$H2 ip -json addr show | pretty > "$OUT/ip-addr.h2.json"
$H2 ip -json route show | pretty > "$OUT/ip-route.h2.json"
api h2 "/containers/json?all=1" > "$OUT/docker-containers.h2.json"
api h2 "/containers/web/json" > "$OUT/docker-container.h2-web.json"
# Last: Switchyard's own chain jumped from DOCKER-USER, an admin's rule in DOCKER-USER and a
# MASQUERADE for bridge0, for the owner-tagging tests.
$H1 iptables -w -N SWITCHYARD-ISOLATION
$H1 iptables -w -I DOCKER-USER 1 -j SWITCHYARD-ISOLATION
$H1 iptables -w -A SWITCHYARD-ISOLATION -i docker0 -o docker0 -s 172.17.0.2/32 -d 172.17.0.3/32 \
  -m comment --comment "switchyard: allow c3 -> c4" -j ACCEPT
$H1 iptables -w -A SWITCHYARD-ISOLATION -j RETURN
$H1 iptables -w -I DOCKER-USER 2 -s 10.9.0.0/16 -j DROP
$H1 iptables -w -t nat -A POSTROUTING -s 192.168.5.0/24 ! -o bridge0 -j MASQUERADE
$H1 iptables-save > "$OUT/iptables-save.h1-switchyard.txt"
echo captured into "$OUT"
