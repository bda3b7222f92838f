package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"custos/internal/apperr"
)

var (
	errForbidden = apperr.New(apperr.Forbidden, "您没有此项操作的权限")
	errNoPage    = apperr.New(apperr.NotFound, "页面或操作不存在，请从菜单进入")
)

// Protect wraps the whole site: cross-origin protection on every state-changing request
// (http.CrossOriginProtection: a cross-site POST is refused with 403), security headers, panic
// recovery, a bound on every request body (boundBody) and one log line per request (no
// personal data, no query strings).
func Protect(h http.Handler, log *slog.Logger) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "跨站请求已被拒绝 (cross-origin request refused)", http.StatusForbidden)
	}))
	inner := cop.Handler(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		hdr := w.Header()
		hdr.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hdr.Set("X-Frame-Options", "DENY")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "no-referrer")
		hdr.Set("Cross-Origin-Opener-Policy", "same-origin")
		hdr.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		boundBody(w, r)
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		defer func() {
			if v := recover(); v != nil {
				log.Error("panic", append(FailureAttrs(r), "panic", v)...)
				if !rec.wrote {
					http.Error(rec, "内部错误", http.StatusInternalServerError)
				}
			}
			log.Info("http", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"ms", strconv.FormatFloat(float64(time.Since(start).Microseconds())/1000, 'f', 2, 64))
		}()
		inner.ServeHTTP(rec, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

func urlEscape(s string) string { return url.QueryEscape(s) }

// localNext returns next if it is a local path, else "/": no open redirects.
func localNext(next string) string {
	if len(next) > 0 && next[0] == '/' && (len(next) == 1 || (next[1] != '/' && next[1] != '\\')) {
		return next
	}
	return "/"
}
