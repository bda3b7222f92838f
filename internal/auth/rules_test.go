package auth

import (
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

func TestBlockFor(t *testing.T) {
	for failures, want := range map[int]time.Duration{0: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 7: 4 * time.Minute,
		8: 8 * time.Minute, 9: 15 * time.Minute, 40: 15 * time.Minute} {
		if got := BlockFor(failures, 5, 15*time.Minute); got != want {
			t.Errorf("BlockFor(%d) = %s, want %s", failures, got, want)
		}
	}
	if got := BlockFor(100, 0, time.Hour); got != 0 {
		t.Errorf("no limit set: %s", got)
	}
}

func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24"), netip.MustParsePrefix("fd00::/8")}
	for _, c := range []struct {
		name, remote, xff, want string
		trusted                 []netip.Prefix
	}{
		{"no proxy configured: the header is ignored", "203.0.113.9:5000", "1.2.3.4", "203.0.113.9", nil},
		{"an untrusted peer cannot choose its address", "203.0.113.9:5000", "1.2.3.4", "203.0.113.9", proxies},
		{"a trusted proxy names the client", "10.0.0.2:5000", "198.51.100.7", "198.51.100.7", proxies},
		{"a forged entry to the left is not believed", "10.0.0.2:5000", "6.6.6.6, 198.51.100.7", "198.51.100.7", proxies},
		{"two trusted proxies in a row", "10.0.0.2:5000", "198.51.100.7, 10.0.0.3", "198.51.100.7", proxies},
		{"several headers are one list", "10.0.0.2:5000", "", "198.51.100.8", proxies},
		{"no header from a proxy", "10.0.0.2:5000", "-", "10.0.0.2", proxies},
		{"a malformed entry stops the walk", "10.0.0.2:5000", "198.51.100.7, garbage", "10.0.0.2", proxies},
		{"IPv6 proxy", "[fd00::1]:443", "2001:db8::5", "2001:db8::5", proxies},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		switch c.xff {
		case "":
			r.Header.Add("X-Forwarded-For", "6.6.6.6")
			r.Header.Add("X-Forwarded-For", "198.51.100.8")
		case "-":
		default:
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := ClientAddr(r, c.trusted); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}
