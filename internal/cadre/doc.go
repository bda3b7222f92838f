// Package cadre owns the supervised population — discipline-inspection cadres (纪检监察干部) —
// and their integrity archives (电子廉政档案): personal data checked against GB 11643,
// appointments (任免), family members and specific related persons, and the archive timeline
// that every other domain adds to.
//
// Timeline design: every source (appointments, talks, family events, later reports, clues,
// cases, sanctions) writes an archive_items row in the same transaction as its own record,
// with its source type and id. The archive page reads one indexed table; a new source plugs in
// by writing rows of a new kind, without touching the others.
//
// Access: opening an archive is a protected read — the reader states a purpose, the read is
// audited in the same transaction, and nobody opens their own archive or a close relative's.
package cadre
