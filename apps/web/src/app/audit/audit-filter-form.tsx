"use client";
import { type FormEvent, useRef } from "react";
import { type AuditFilter, filterFromForm, OUTCOMES } from "./audit-filter.ts";

/** The filters; Enter in any field applies them. Times are UTC, like the table. */
export function AuditFilterForm({
  onApply,
  onInvalid,
}: {
  onApply: (filter: AuditFilter) => void;
  onInvalid: (message: string) => void;
}) {
  const form = useRef<HTMLFormElement>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    try {
      onApply(filterFromForm(new FormData(e.currentTarget)));
    } catch (err) {
      onInvalid(err instanceof Error ? err.message : String(err));
    }
  }

  function clear() {
    form.current?.reset();
    onApply({});
  }

  return (
    <form ref={form} className="row filters" aria-label="Filter audit events" onSubmit={submit}>
      <label>
        From (UTC)
        <input type="datetime-local" name="from" step="1" />
      </label>
      <label>
        To (UTC)
        <input type="datetime-local" name="to" step="1" />
      </label>
      <label>
        Actor
        <input name="actor" placeholder="username or id" maxLength={200} autoComplete="off" />
      </label>
      <label>
        Action
        <input name="action" placeholder="hosts.set_labels or auth.*" maxLength={101} autoComplete="off" />
      </label>
      <label>
        Host
        <input name="host" placeholder="name or id" maxLength={253} autoComplete="off" />
      </label>
      <label>
        Outcome
        <select name="outcome" multiple size={4}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Text
        <input
          name="text"
          type="search"
          placeholder="in actions, names, errors, parameters"
          maxLength={200}
          autoComplete="off"
        />
      </label>
      <button type="submit" className="primary">
        Apply filters
      </button>
      <button type="button" onClick={clear}>
        Clear
      </button>
    </form>
  );
}
