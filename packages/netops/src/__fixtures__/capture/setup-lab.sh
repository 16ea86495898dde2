#!/bin/bash
# Builds the lab state the netops fixtures were captured from. Run as root from /work/main after
# `pnpm lab up --hosts 2 --containers 2`. Every change happens inside sy-h1 / sy-h2 and their
# containers; the root namespace is never touched. `pnpm lab down` removes all of it.
set -euo pipefail
D1="docker -H unix:///run/sy-lab/h1/docker.sock"
D2="docker -H unix:///run/sy-lab/h2/docker.sock"
IMG=switchyard-lab/busybox:latest
H1="nsenter --net=/var/run/netns/sy-h1"
pid() { $1 inspect -f '{{.State.Pid}}' "$2"; }
skey() { $1 inspect -f '{{.NetworkSettings.SandboxKey}}' "$2"; }

# h1: a user-defined network, a default-bridge container on two networks, a posture container.
$D1 network create --subnet 172.30.0.0/24 labnet
$D1 run -d --name c3 --init $IMG sleep 1d
$D1 network connect labnet c3
$D1 run -d --name c4 --init --cap-add NET_ADMIN --pid=host --memory 64m --cpus 0.5 --pids-limit 100 \
   -v /run/sy-lab/h1/docker.sock:/var/run/docker.sock $IMG sleep 1d

# The seed's point-to-point link between c1 and c2 (both --net=none), created in place from sy-h1.
K1=$(skey "$D1" c1); K2=$(skey "$D1" c2)
$H1 ip link add A netns "$K1" type veth peer B netns "$K2" || \
  $H1 ip link add A netns "$(pid "$D1" c1)" type veth peer B netns "$(pid "$D1" c2)"
nsenter --net="$K1" ip addr add 10.1.1.1/32 dev A
nsenter --net="$K1" ip link set A up
nsenter --net="$K1" ip route add 10.1.1.2/32 dev A
nsenter --net="$K2" ip addr add 10.1.1.2/32 dev B
nsenter --net="$K2" ip link set B up
nsenter --net="$K2" ip route add 10.1.1.1/32 dev B

# The same link between the lab host and c1: C in sy-h1, D in c1.
$H1 ip link add C type veth peer D netns "$K1"
$H1 ip addr add 10.1.2.1/32 dev C
$H1 ip link set C up
$H1 ip route add 10.1.2.2/32 dev C
nsenter --net="$K1" ip addr add 10.1.2.2/32 dev D
nsenter --net="$K1" ip link set D up
nsenter --net="$K1" ip route add 10.1.2.1/32 dev D

# A hand-made bridge (the seed's bridge0) with two ports: one veth leading into c2, one leading to
# a veth end that stays in the lab host's namespace.
$H1 ip link add bridge0 type bridge
$H1 ip addr add 192.168.5.1/24 dev bridge0
$H1 ip link set bridge0 up
$H1 ip link add b0p1 type veth peer E netns "$K2"
$H1 ip link set b0p1 master bridge0
$H1 ip link set b0p1 up
nsenter --net="$K2" ip addr add 192.168.5.2/24 dev E
nsenter --net="$K2" ip link set E up
$H1 ip link add b0p2 type veth peer hostend
$H1 ip link set b0p2 master bridge0
$H1 ip link set b0p2 up
$H1 ip link set hostend up

# h2: icc=false with its own bip and mtu, then a container with a published port.
printf '%s\n' '{"bip":"192.168.77.1/24","icc":false,"mtu":1450,"fixed-cidr":"192.168.77.128/25"}' > /var/lib/sy-lab/h2/daemon.json
cd /work/main && pnpm --silent lab restart-docker h2
$D2 run -d --name web --init -p 8080:80 $IMG sleep 1d

# Checks: the link answers both ways.
$D1 exec c1 ping -c1 -W2 10.1.1.2
$D1 exec c1 ping -c1 -W2 10.1.2.1
