-- Keeps tasks.updated_at current on every change. The trigger body holds its own ';' and ends with
-- END; strata hands the whole statement to SQLite, which splits it correctly.

-- strata:up
CREATE TRIGGER tasks_touch_updated_at
AFTER UPDATE ON tasks
FOR EACH ROW
WHEN NEW.updated_at = OLD.updated_at
BEGIN
  UPDATE tasks
     SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
   WHERE id = NEW.id;
END;

-- strata:down
DROP TRIGGER tasks_touch_updated_at;
