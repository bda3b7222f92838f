-- When a clue was disposed of for good (closed, or transferred to investigation): the backlog
-- (动态清零) counts a clue open until then.
ALTER TABLE clues ADD COLUMN closed_on TEXT NOT NULL DEFAULT '';
CREATE INDEX clues_open ON clues (commission_path, closed_on, received_on);
