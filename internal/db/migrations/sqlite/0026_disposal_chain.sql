-- A disposal proposal goes through the installation's approval chain (e.g. the deputy in charge,
-- then the principal): how many of its steps have approved the proposal under review.
ALTER TABLE clues ADD COLUMN approvals INTEGER NOT NULL DEFAULT 0;
