package report

import "strings"

// Subject is what routing needs to know about a person reported on who is in the roster.
type Subject struct {
	CommissionID   int64
	CommissionPath string
	Post           string
}

// IsPrincipal reports whether a post is a commission's principal leader (书记 but not 副书记).
func IsPrincipal(post string) bool {
	for _, part := range strings.FieldsFunc(post, func(r rune) bool { return r == '、' || r == '，' || r == ',' }) {
		if strings.Contains(part, "纪委书记") && !strings.Contains(part, "副书记") {
			return true
		}
		if strings.HasSuffix(part, "组长") && strings.Contains(part, "纪检监察组") && !strings.Contains(part, "副组长") {
			return true
		}
	}
	return false
}

// Route decides the jurisdiction of a report received by the commission at receiverPath
// (receiverID) about subjects (those found in the roster; people outside it do not move a
// report). The most demanding rule wins: the receiver's own principal leader, then anyone
// managed above or beside the receiver, then anyone below it; otherwise the receiver handles it.
// below is set for Lower: the commission the report goes down to.
func Route(receiverID int64, receiverPath string, subjects []Subject) (j Jurisdiction, below int64) {
	j = Own
	for _, s := range subjects {
		switch {
		case s.CommissionID == receiverID && IsPrincipal(s.Post):
			return UpperDirect, 0
		case !strings.HasPrefix(s.CommissionPath, receiverPath):
			j = Upper
		case s.CommissionID != receiverID && j == Own:
			j, below = Lower, directChild(receiverPath, s.CommissionPath)
		}
	}
	if j != Lower {
		below = 0
	}
	return j, below
}

// directChild returns the id of the commission directly under parent on the way to path, as
// materialized paths spell it (/1/5/23/ under /1/ → 5); 0 when path is not below parent.
func directChild(parent, path string) int64 {
	rest, ok := strings.CutPrefix(path, parent)
	if !ok || rest == "" {
		return 0
	}
	seg, _, _ := strings.Cut(rest, "/")
	var id int64
	for _, c := range seg {
		if c < '0' || c > '9' {
			return 0
		}
		id = id*10 + int64(c-'0')
	}
	return id
}
