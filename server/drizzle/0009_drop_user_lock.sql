ALTER TABLE "users" DROP COLUMN "failed_login_count";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";--> statement-breakpoint
-- Audit rows are evidence. The application's role has no UPDATE, DELETE or TRUNCATE grant on them and does not
-- own the tables (server/src/db/roles.ts); the owner is stopped by these triggers too. The one sanctioned
-- removal is the archive command (owner only), and only for rows older than the 6 months kept online by law
-- (等保 2.0: audit records kept at least 6 months), after it has written and verified the archive file.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('hotline.audit_archive', true) = 'on'
     AND OLD.at < now() - interval '6 months' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only (% rejected)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_seals_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('hotline.audit_archive', true) = 'on'
     AND OLD.seq <= coalesce((SELECT max(through_seq) FROM audit_archives WHERE verified), 0) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only (% rejected)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_seals_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_seals_append_only();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_archives_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% rejected)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_archives_no_delete BEFORE DELETE ON audit_archives
  FOR EACH ROW EXECUTE FUNCTION audit_archives_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_archives_no_truncate BEFORE TRUNCATE ON audit_archives
  FOR EACH STATEMENT EXECUTE FUNCTION audit_archives_append_only();
