package web_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestOversizedFieldRefusedAndKept replays the attack: a report whose subject's name is
// 200,000 characters, posted past the browser's maxlength. It is refused with the Chinese
// message, the form comes back with what was typed, and nothing is written. The same holds
// for a textarea of another form, invalid UTF-8 and a control character.
func TestOversizedFieldRefusedAndKept(t *testing.T) {
	w := newWorld(t)
	w.as("gz.xinfang")
	w.as("gz.diaocha") // logged in before counting: a login is audited
	reports := w.env.Lookup(t, `SELECT COUNT(*) FROM reports`)
	audits := w.env.Lookup(t, `SELECT COUNT(*) FROM audit_log`)
	long := strings.Repeat("王", 200_000)
	form := url.Values{"received_on": {"2026-11-20"}, "channel": {"letter"}, "category": {"accusation"}, "title": {"反映某某问题"},
		"content": {"反映其收受购物卡。"}, "subject_0_name": {long}}
	res := w.as("gz.xinfang").Do("POST", "/reports", form, nil)
	if res.Status != 422 || !strings.Contains(res.Body, "不能超过 30 个字（现为 200000 个字）") {
		t.Fatalf("200,000-character name: status %d: %s", res.Status, excerpt(res.Body))
	}
	if !strings.Contains(res.Body, `value="反映某某问题"`) || !strings.Contains(res.Body, long[:3000]) {
		t.Error("the form did not keep what was typed")
	}
	for _, bad := range []url.Values{
		{"content": {"反映\xff\xfe其收受购物卡。"}},
		{"content": {"反映\x00其收受购物卡。"}},
		{"title": {strings.Repeat("题", 101)}},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("subject_0_name", "赵敏")
		for k, v := range bad {
			f[k] = v
		}
		res := w.as("gz.xinfang").Do("POST", "/reports", f, nil)
		// refused by the bound (the banner) or by the form's own check (the field's message)
		if res.Status != 422 || !strings.Contains(res.Body, "已保留您填写的内容") && !strings.Contains(res.Body, "不超过 100 字") || !strings.Contains(res.Body, `value="赵敏"`) {
			t.Errorf("%q: status %d: %s", bad, res.Status, excerpt(res.Body))
		}
	}
	if n := w.env.Lookup(t, `SELECT COUNT(*) FROM reports`); n != reports {
		t.Errorf("%d reports written", n-reports)
	}
	// a field of another form that its service does not check itself: the bound still holds
	res = w.as("gz.diaocha").Do("POST", "/interference", url.Values{"approached_on": {"2026-11-20"}, "matter": {"某案"}, "kind": {"ask"},
		"channel": {"phone"}, "intervener_name": {"钱某"}, "intervener_unit": {strings.Repeat("单", 61)}, "content": {"打听案情"}, "response": {"拒绝"}}, nil)
	if res.Status != 422 || !strings.Contains(res.Body, "不能超过 60 个字") || !strings.Contains(res.Body, `value="钱某"`) {
		t.Errorf("interference unit of 61 characters: status %d: %s", res.Status, excerpt(res.Body))
	}
	if n := w.env.Lookup(t, `SELECT COUNT(*) FROM interference_records`); n != 0 {
		t.Errorf("%d interference records written", n)
	}
	if n := w.env.Lookup(t, `SELECT COUNT(*) FROM audit_log`); n != audits {
		t.Errorf("%d audit entries written for refused input", n-audits)
	}
}

// TestOversizedQueryAndBody: a search term beyond its field's maximum, a body beyond the form
// bound and a login name of 100,000 characters are refused with a Chinese message, never 500.
func TestOversizedQueryAndBody(t *testing.T) {
	w := newWorld(t)
	res := w.as("gz.ganjian").Do("GET", "/cadres?q="+url.QueryEscape(strings.Repeat("张", 101)), nil, nil)
	if res.Status != 422 || !strings.Contains(res.Body, "不能超过 100 个字") {
		t.Errorf("oversized search: status %d: %s", res.Status, excerpt(res.Body))
	}
	res = w.as("gz.ganjian").Do("GET", "/cadres?q=%FF%FE", nil, nil)
	if res.Status != 422 || !strings.Contains(res.Body, "UTF-8") {
		t.Errorf("invalid UTF-8 search: status %d: %s", res.Status, excerpt(res.Body))
	}
	res = w.as("gz.xinfang").Do("POST", "/reports", url.Values{"content": {strings.Repeat("a", 3<<20)}}, nil)
	if res.Status != 422 && res.Status != 413 {
		t.Errorf("a 3 MB form: status %d: %s", res.Status, excerpt(res.Body))
	}
	res = w.as("").Do("POST", "/login", url.Values{"username": {strings.Repeat("a", 100_000)}, "password": {"x"}, "next": {"/"}}, nil)
	if res.Status == 500 || res.Status == 303 {
		t.Errorf("an oversized login name: status %d", res.Status)
	}
	if n := w.env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE summary LIKE ?`, "%"+strings.Repeat("a", 100)+"%"); n != 0 {
		t.Error("the oversized login name reached the audit trail")
	}
}
