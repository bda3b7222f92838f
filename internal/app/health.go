package app

import (
	"context"
	"net/http"
	"time"
)

// registerHealth adds the probes a supervisor or load balancer polls, outside login:
// /healthz answers while the process serves; /readyz answers 200 only when the database
// answers and has exactly this binary's migrations (with their checksums), else 503 with the
// reason in Chinese (details go to the log).
func (a *App) registerHealth(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		plain(w, http.StatusOK, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := a.DB.Ping(ctx); err != nil {
			a.Log.Error("readyz: database unreachable", "err", err)
			plain(w, http.StatusServiceUnavailable, "数据库不可达")
			return
		}
		if err := a.DB.CheckSchema(ctx); err != nil {
			a.Log.Error("readyz: schema", "err", err)
			plain(w, http.StatusServiceUnavailable, "数据库结构与本程序不符（迁移未完成或已应用的迁移被修改），详见日志")
			return
		}
		plain(w, http.StatusOK, "ready")
	})
}

func plain(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(text + "\n"))
}
