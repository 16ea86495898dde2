"use client";
// Keeps a server-rendered page current without a reload: polls the latest fleet event id
// (cheap, indexed) and re-renders the page's server components when it moves.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { api } from "../lib/api-client.ts";

export const LIVE_POLL_MS = 1500;

export function LiveRefresh({ hostId, since }: { hostId?: string; since: number }) {
  const router = useRouter();
  const seen = useRef(since);
  useEffect(() => {
    seen.current = since;
  }, [since]);
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        const { latest } = await api.hosts.latestEvent.query(hostId ? { hostId } : {});
        if (!stopped && latest > seen.current) {
          seen.current = latest;
          router.refresh();
        }
      } catch {
        // Signed out or offline: the next tick tries again.
      }
    };
    const timer = setInterval(tick, LIVE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [hostId, router]);
  return null;
}
