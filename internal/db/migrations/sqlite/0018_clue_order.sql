-- The clue list's order (key minority first, newest first) for scopes too large to sort.
CREATE INDEX clues_order ON clues (priority, id);
