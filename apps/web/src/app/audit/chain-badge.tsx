"use client";
// "Chain verified up to #N": the head is shown at once; verifying walks the whole chain on the
// server (seconds at a million rows), so it runs when asked, not on every page view.
import { useEffect, useState } from "react";
import { api, errorText } from "../../lib/api-client.ts";

type Head = Awaited<ReturnType<typeof api.audit.head.query>>;
type Verified = Awaited<ReturnType<typeof api.audit.verify.query>>;

export function ChainBadge() {
  const [head, setHead] = useState<Head | null>(null);
  const [result, setResult] = useState<Verified | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.audit.head.query().then(setHead, (err: unknown) => setError(errorText(err)));
  }, []);

  async function verify() {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.audit.verify.query({}));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  let text: string;
  let tone = "badge";
  if (busy) text = "Verifying the chain…";
  else if (result?.ok) {
    text = `Chain verified up to #${result.verifiedUpTo}`;
    tone = "badge badge-ok";
  } else if (result) {
    text = `Chain broken at #${result.firstBrokenSeq}: ${result.reason}`;
    tone = "badge badge-bad";
  } else if (head) text = `Chain not verified yet · head #${head.seq}`;
  else text = "Chain: …";

  return (
    <div className="chain">
      <span className={tone} role="status" data-testid="chain-badge">
        {text}
      </span>
      <button type="button" onClick={verify} disabled={busy}>
        Verify chain
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </div>
  );
}
