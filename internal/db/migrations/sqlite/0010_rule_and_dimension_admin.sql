-- Rules and portrait dimensions are retired, never deleted: archives and portraits written
-- under them keep their meaning.
ALTER TABLE prohibition_rules ADD COLUMN retired_on TEXT NOT NULL DEFAULT '';
ALTER TABLE portrait_dimensions ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE;
