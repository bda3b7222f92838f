package dedup

import "strings"

// Passages compares two texts sentence by sentence (after normalisation) and returns the
// sentences only in a and only in b, in their order — what the officer reads to confirm or
// reject a match.
func (e *Engine) Passages(a, b string) (onlyA, onlyB []string) {
	sa, sb := sentences(a), sentences(b)
	in := func(list []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range list {
			m[e.fold.Normalize(s)] = true
		}
		return m
	}
	na, nb := in(sa), in(sb)
	for _, s := range sa {
		if k := e.fold.Normalize(s); k != "" && !nb[k] {
			onlyA = append(onlyA, s)
		}
	}
	for _, s := range sb {
		if k := e.fold.Normalize(s); k != "" && !na[k] {
			onlyB = append(onlyB, s)
		}
	}
	return onlyA, onlyB
}

// sentences splits text after sentence-ending punctuation and at line breaks.
func sentences(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if s := strings.TrimSpace(b.String()); s != "" {
			out = append(out, s)
		}
		b.Reset()
	}
	for _, r := range text {
		if r == '\n' || r == '\r' {
			flush()
			continue
		}
		b.WriteRune(r)
		if strings.ContainsRune("。！？；!?;…", r) {
			flush()
		}
	}
	flush()
	return out
}
