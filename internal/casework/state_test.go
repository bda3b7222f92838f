package casework

import (
	"strings"
	"testing"

	"custos/internal/apperr"
)

func TestTransitions(t *testing.T) {
	ready := Facts{Authority: true, Announced: true, Plan: true, Leader: true, SafetyOfficer: true, Branch: true, Report: true, SafetySummary: true,
		TrialReport: true, Outcomes: 1, Form: F2, FormNeeded: true, Executed: true, DocumentsIssued: true, RectificationClosed: true}
	for _, tc := range []struct {
		name   string
		status string
		action string
		change func(*Facts)
		to     string
		words  string // of the refusal; "" when allowed
	}{
		{"file", Requested, "file", nil, Filed, ""},
		{"file needs the authority", Requested, "file", func(f *Facts) { f.Authority = false }, "", "干部管理权限"},
		{"announce", Filed, "announce", nil, Announced, ""},
		{"announce out of turn", Requested, "announce", nil, "", "当前为“立案待批”"},
		{"start", Announced, "start", nil, Investigating, ""},
		{"start needs team and branch", Announced, "start", func(f *Facts) { f.SafetyOfficer, f.Branch = false, false }, "", "尚缺安全员、临时党支部"},
		{"to trial", Investigating, "to_trial", nil, Trial, ""},
		{"to trial needs the safety summary", Investigating, "to_trial", func(f *Facts) { f.SafetySummary = false }, "", "办案安全工作总结"},
		{"to trial with open measures", Investigating, "to_trial", func(f *Facts) { f.OpenMeasures = 2 }, "", "措施未解除"},
		{"reinvestigate", Trial, "reinvestigate", nil, Investigating, ""},
		{"supplement", Trial, "supplement", nil, Investigating, ""},
		{"trial report", Trial, "trial_report", nil, TrialReported, ""},
		{"trial report missing", Trial, "trial_report", func(f *Facts) { f.TrialReport = false }, "", "审理报告"},
		{"approve report", TrialReported, "approve_report", nil, Committee, ""},
		{"decide", Committee, "decide", nil, Decided, ""},
		{"decide without outcomes", Committee, "decide", func(f *Facts) { f.Outcomes = 0 }, "", "请先登记处分"},
		{"decide without a form", Committee, "decide", func(f *Facts) { f.Form = "" }, "", "形态"},
		{"decide a cleared name without a form", Committee, "decide", func(f *Facts) { f.Form, f.FormNeeded = "", false }, Decided, ""},
		{"announce decision", Decided, "announce_decision", nil, Executing, ""},
		{"execute", Executing, "execute", nil, PostCase, ""},
		{"archive", PostCase, "archive", nil, Archived, ""},
		{"archive before the rectification", PostCase, "archive", func(f *Facts) { f.RectificationClosed = false }, "", "一案一整改"},
		{"archive before the letters", PostCase, "archive", func(f *Facts) { f.DocumentsIssued = false }, "", "一案三书"},
		{"appeal", Archived, "appeal", nil, Appeal, ""},
		{"appeal decided goes back", Appeal, "appeal_decided", func(f *Facts) { f.Before = Archived }, Archived, ""},
		{"unknown", Filed, "burn", nil, "", "未知"},
	} {
		f := ready
		f.Status = tc.status
		if tc.change != nil {
			tc.change(&f)
		}
		tr, err := Next(f, tc.action)
		if tc.words == "" {
			if err != nil || tr.To != tc.to {
				t.Errorf("%s: to %q, %v", tc.name, tr.To, err)
			}
			continue
		}
		if err == nil || !strings.Contains(apperr.MessageOf(err), tc.words) {
			t.Errorf("%s: want a refusal with %q, got %v", tc.name, tc.words, err)
		}
	}
}

// Every status but the archive's end is left by some transition, and every transition's
// states are known.
func TestTransitionTableCovers(t *testing.T) {
	known := map[string]bool{}
	for _, s := range Statuses() {
		known[s.ID] = true
	}
	for _, tr := range Transitions() {
		for _, s := range tr.From {
			if !known[s] {
				t.Errorf("%s leaves unknown %s", tr.Action, s)
			}
		}
		if tr.To != "" && !known[tr.To] {
			t.Errorf("%s reaches unknown %s", tr.Action, tr.To)
		}
		if tr.Perm == "" {
			t.Errorf("%s needs no permission", tr.Action)
		}
	}
	for _, s := range Statuses() {
		if len(Available(s.ID)) == 0 {
			t.Errorf("no way out of %s", s.Name)
		}
	}
}
