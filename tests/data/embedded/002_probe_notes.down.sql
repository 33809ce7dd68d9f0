DROP TABLE probe_notes;
