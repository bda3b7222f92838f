// Package app wires the platform together — config → database → services → HTTP — and runs
// the subcommands. It holds no package-level state: tests build an App on a temporary
// database and serve its Handler.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"custos/internal/api"
	"custos/internal/audit"
	"custos/internal/auth"
	"custos/internal/cadre"
	"custos/internal/casework"
	"custos/internal/clue"
	"custos/internal/config"
	"custos/internal/daily"
	"custos/internal/db"
	"custos/internal/document"
	"custos/internal/inspection"
	"custos/internal/interference"
	"custos/internal/opinion"
	"custos/internal/org"
	"custos/internal/password"
	"custos/internal/pool"
	"custos/internal/rectify"
	"custos/internal/report"
	"custos/internal/secret"
	"custos/internal/stats"
	"custos/internal/web"
	"custos/internal/workday"
	"custos/internal/xlsxguard"
)

// Version is the release, set at build time with -ldflags "-X custos/internal/app.Version=…".
var Version = "0.1.0-dev"

// Options adjust an App for tests: a fixed clock, cheap password hashing, a quiet log.
type Options struct {
	Now      func() time.Time
	Password *password.Params
	Auth     *auth.Settings
	Logger   *slog.Logger
}

// App is the running platform.
type App struct {
	Config       config.Config
	DB           *db.DB
	Audit        *audit.Log
	Org          *org.Service
	Auth         *auth.Service
	Calendar     *workday.Store
	Cadres       *cadre.Service
	Opinions     *opinion.Service
	Daily        *daily.Service
	Pool         *pool.Service
	Reports      *report.Service
	Clues        *clue.Service
	Docs         *document.Store
	Rectify      *rectify.Service
	Cases        *casework.Service
	Interference *interference.Service
	Stats        *stats.Service
	Inspection   *inspection.Service
	Log          *slog.Logger
	Now          func() time.Time
	handler      http.Handler
	box          *secret.Box // seals reporters' identities and attachments
	routes       []web.Route
}

// Open connects to the configured database, migrates it, seeds the working-day calendar when
// empty and builds the services and the HTTP handler.
func Open(ctx context.Context, cfg config.Config, opt Options) (*App, error) {
	d, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a, err := build(ctx, d, cfg, opt)
	if err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

// openDB opens the configured database with the configured options.
func openDB(ctx context.Context, cfg config.Config) (*db.DB, error) {
	return db.OpenWith(ctx, cfg.DatabaseURL, db.Options{Synchronous: cfg.Synchronous})
}

// New builds an App on an open database (tests use this with their own database).
func New(ctx context.Context, d *db.DB, cfg config.Config, opt Options) (*App, error) {
	return build(ctx, d, cfg, opt)
}

func build(ctx context.Context, d *db.DB, cfg config.Config, opt Options) (*App, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		level := new(slog.LevelVar)
		_ = level.UnmarshalText([]byte(cfg.LogLevel))
		opt.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	}
	set := auth.DefaultSettings()
	if opt.Auth != nil {
		set = *opt.Auth
	}
	if opt.Password != nil {
		set.PasswordParams = *opt.Password
	}
	if len(cfg.TrustedProxies) > 0 {
		set.TrustedProxies = cfg.TrustedProxies
	}
	if cfg.LoginSlots > 0 {
		set.LoginSlots = cfg.LoginSlots
	}
	if _, err := d.Migrate(ctx); err != nil {
		return nil, err
	}
	log, err := audit.New(cfg.AuditHash, opt.Now)
	if err != nil {
		return nil, err
	}
	authSvc, err := auth.NewService(d, log, opt.Now, set)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: d, Audit: log, Log: opt.Logger, Now: opt.Now, Auth: authSvc,
		Org:      org.NewService(d, log, opt.Now, set.PasswordParams, cfg.MinCSOStaff, cfg.ContactYears),
		Calendar: workday.NewStore(d, log, opt.Now)}
	a.Cadres = cadre.NewService(d, log, a.Org, a.Calendar, opt.Now, cadre.Settings{ArrivalTalkDays: cfg.ArrivalTalk, KeepLeftYears: cfg.ArchiveYears,
		Upload: xlsxguard.Limits{MaxBytes: int64(cfg.ImportMaxMB) << 20, MaxRows: cfg.ImportMaxRows}})
	box, err := sealingKey(ctx, cfg, d, log, opt.Logger, opt.Now)
	if err != nil {
		return nil, err
	}
	a.box = box
	a.Reports = report.NewService(d, log, a.Calendar, box, opt.Now, report.Settings{Log: opt.Logger})
	a.Docs = document.NewStore(d, log, opt.Now)
	for _, r := range cfg.DisposalChain {
		if role, ok := org.RoleByID(r); !ok || !org.HasPermission([]string{r}, org.PermClueApprove) {
			return nil, fmt.Errorf("CUSTOS_DISPOSAL_CHAIN: %q 不是可以审批线索处置的角色（%s）", r, role.Name)
		}
	}
	a.Clues = clue.NewService(d, log, a.Cadres, a.Docs, a.Calendar, opt.Now, clue.Settings{DisposalChain: cfg.DisposalChain})
	a.Pool = pool.NewService(d, log, a.Cadres, opt.Now)
	a.Daily = daily.NewService(d, log, a.Org, a.Cadres, opt.Now)
	a.Rectify = rectify.NewService(d, log, opt.Now)
	a.Cases = casework.NewService(d, log, casework.Deps{Clues: a.Clues, Docs: a.Docs, Rectify: a.Rectify, Calendar: a.Calendar, Box: box}, opt.Now,
		casework.Settings{DocumentSet: cfg.CaseDocuments, InvestigationDays: cfg.InvestigationDays})
	a.Interference = interference.NewService(d, log, a.Clues, opt.Now)
	a.Stats = stats.NewService(d, log, opt.Now)
	a.Inspection = inspection.NewService(d, log, a.Cadres, a.Clues, a.Rectify, opt.Now, inspection.Settings{ServedYears: cfg.InspectServedYears})
	a.Opinions = opinion.NewService(d, log, a.Cadres, opt.Now, opinion.Settings{LookbackYears: cfg.ArchiveYears},
		clue.OpinionSource{Years: cfg.ArchiveYears}, casework.OpinionSource{})
	if _, err := a.Calendar.SeedIfEmpty(ctx); err != nil {
		return nil, fmt.Errorf("seed calendar: %w", err)
	}
	mux := http.NewServeMux()
	ui, err := web.New(web.Deps{DB: d, Audit: log, Org: a.Org, Auth: authSvc, Calendar: a.Calendar, Cadres: a.Cadres, Opinions: a.Opinions, Daily: a.Daily, Pool: a.Pool, Reports: a.Reports, Clues: a.Clues,
		Cases: a.Cases, Docs: a.Docs, Rectify: a.Rectify, Interference: a.Interference, Stats: a.Stats, Inspection: a.Inspection, Log: a.Log,
		Now: opt.Now, SecureCookie: cfg.SecureCookie}, mux)
	if err != nil {
		return nil, err
	}
	a.routes = append(ui.Routes(), api.Register(api.Deps{DB: d, Org: a.Org, Auth: authSvc, Log: a.Log}, mux).Routes()...)
	a.registerHealth(mux)
	a.handler = web.Protect(mux, a.Log)
	return a, nil
}

// Handler is the whole site: UI, API and static files, with the security middleware.
func (a *App) Handler() http.Handler { return a.handler }

// Routes returns every route of the UI and the API with the permissions it needs, in table
// order (static files apart).
func (a *App) Routes() []web.Route { return append([]web.Route(nil), a.routes...) }

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// Serve listens on addr until ctx ends, then shuts down gracefully.
func (a *App) Serve(ctx context.Context, addr string, ready func(url string)) error {
	srv := &http.Server{Addr: addr, Handler: a.handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	ln, err := listen(addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s: %w", addr, err)
	}
	if ready != nil {
		ready("http://" + ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go a.background(ctx)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	}
}

// background runs the server's periodic work until ctx ends: every second, indexing newly
// registered reports for full-text search (searches also catch up on their own) and rebuilding
// the duplicate-detection keys of reports keyed by an older scheme; beside it, every minute
// (and at start), the maintenance of maintain, so that a long checkpoint verification never
// holds up indexing.
func (a *App) background(ctx context.Context) {
	go func() {
		maint := time.NewTicker(time.Minute)
		defer maint.Stop()
		var m maintenance
		for {
			a.maintain(ctx, &m)
			select {
			case <-ctx.Done():
				return
			case <-maint.C:
			}
		}
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := a.Reports.IndexPending(ctx); err != nil && ctx.Err() == nil {
				a.Log.Error("index reports", "err", err)
			}
			if _, err := a.Reports.RekeyPending(ctx); err != nil && ctx.Err() == nil {
				a.Log.Error("rekey reports", "err", err)
			}
		}
	}
}

// maintenance is what the background loop remembers between rounds.
type maintenance struct {
	purged time.Time // when expired sessions were last purged
}

// maintain purges expired sessions once an hour and writes the day's audit checkpoint when
// one is due (dailyCheckpoint).
func (a *App) maintain(ctx context.Context, m *maintenance) {
	if now := a.Now(); now.Sub(m.purged) >= time.Hour {
		if n, err := a.Auth.PurgeSessions(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("purge sessions", "err", err)
		} else if err == nil {
			m.purged = now
			if n > 0 {
				a.Log.Info("purged expired sessions", "count", n)
			}
		}
	}
	a.dailyCheckpoint(ctx)
}
