-- Custom SQL migration file, put your code below! --
-- Audit tables are append-only for everyone, the owner included (RELIABILITY.md "Audit").
-- Row triggers do not fire on TRUNCATE, hence the statement triggers. On real PostgreSQL the
-- app role also lacks UPDATE/DELETE/TRUNCATE (packages/db/src/app-role.ts); the triggers are
-- what still applies to the owner and to PGlite. A superuser can still disable triggers: the
-- hash chain (packages/server/src/audit/verify.ts) is what detects such an edit.
--
-- The one exception: the retention job deletes the oldest rows of audit_events after archiving
-- them. It runs as the table owner and sets the transaction-local switchyard.audit_prune_through
-- to the last seq it archived. Any role may set a custom setting, so the trigger also requires
-- the current role to have the owner's privileges, which the app role never has.
CREATE FUNCTION audit_events_guard_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  through text := current_setting('switchyard.audit_prune_through', true);
BEGIN
  -- Nested IFs: SQL does not promise left-to-right evaluation of AND, and the cast must
  -- only run on a non-empty setting.
  IF TG_OP = 'DELETE' AND coalesce(through, '') <> '' THEN
    IF OLD.seq <= through::bigint
       AND pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
    USING HINT = 'Audit rows are never changed; retention prunes them through pruneAudit only.';
END;
$$;
--> statement-breakpoint
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_guard_row();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON audit_anchor
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
