package textnorm

import "testing"

func TestNormalize(t *testing.T) {
	f := New()
	cases := []struct{ in, want string }{
		{"关于张三同志的问题，请予核查。", "关于张三同志的问题请予核查"},
		{"關於張三同誌的問題，請予核查。", "关于张三同志的问题请予核查"},
		{"ＡＢＣ１２３，ａｂｃ", "abc123abc"},
		{"他在  2024年\n收受\t礼金 5 万元！！", "他在2024年收受礼金5万元"},
		{"《廉洁自律准则》“八项规定”", "廉洁自律准则八项规定"},
		{"裡面　裏面", "里面里面"},
	}
	for _, c := range cases {
		if got := f.Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := f.Simplified("舉報人說：他收了錢。"); got != "举报人说：他收了钱。" {
		t.Errorf("Simplified = %q", got)
	}
	inv := f.Traditional()
	if inv['国'] != '國' || inv['说'] != '說' {
		t.Errorf("Traditional: 国→%c 说→%c", inv['国'], inv['说'])
	}
}
