package auth

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientAddr returns the request's client IP. It is the connection's peer, unless that peer is
// one of the trusted proxies: then X-Forwarded-For is read from its right end (the entry the
// nearest proxy added) leftwards, skipping trusted proxies, and the first other address is the
// client. A forwarding header from any other peer is ignored, so a client cannot choose the
// address its login failures are counted under.
func ClientAddr(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer, trusted) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed entry: trust nothing to its left
		}
		client = a.Unmap()
		if !isTrusted(client, trusted) {
			break
		}
	}
	return client.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
