package db

import "strings"

// SubtreeRange returns the half-open range [lo, hi) of materialized paths that lie in the
// subtree rooted at path (itself included). Paths look like "/1/5/23/"; every descendant starts
// with the same text, and '0' is the byte after '/', so `col >= lo AND col < hi` is an index
// range scan on both engines (PostgreSQL columns use COLLATE "C").
func SubtreeRange(path string) (lo, hi string) {
	if path == "" {
		return "/", "0" // every path starts with '/'; valid UTF-8 for PostgreSQL
	}
	return path, path[:len(path)-1] + "0"
}

// EscapeLike escapes %, _ and \ for a LIKE pattern used with ESCAPE '\'. custos patterns use
// no ESCAPE clause and treat the rare literal % or _ as a wildcard; this only strips them.
func EscapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}
