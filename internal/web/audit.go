package web

import (
	"custos/internal/clock"
	"net/http"
	"strings"

	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// AuditPage is the view model of audit.html.
type AuditPage struct {
	Base
	Person, Action, ObjectType, ObjectID, From, To string
	Rows                                           []audit.Record
	Pager                                          Pager
	ExportQuery                                    string
}

// auditFilter reads the viewer's filters; the scope is always the principal's.
func auditFilter(r *http.Request, p org.Principal) audit.Filter {
	q := r.URL.Query()
	return audit.Filter{
		ScopePath:     p.ScopePath,
		IncludeSystem: p.AtRoot(),
		Person:        strings.TrimSpace(q.Get("person")),
		Action:        strings.TrimSpace(q.Get("action")),
		ObjectType:    strings.TrimSpace(q.Get("object_type")),
		ObjectID:      strings.TrimSpace(q.Get("object_id")),
		From:          queryDate(r, "from"),
		To:            queryDate(r, "to"),
	}
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request, p org.Principal) {
	f := auditFilter(r, p)
	pg := org.Page{Number: queryInt(r, "page"), Size: 50}.Normalize()
	f.Limit, f.Offset = pg.Size, pg.Offset()
	rows, total, err := audit.List(r.Context(), s.DB.Reader(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	q.Del("page")
	s.render(w, r, http.StatusOK, "audit", AuditPage{Base: Base{Title: "审计日志", Principal: p, Nav: "audit"},
		Person: f.Person, Action: f.Action, ObjectType: f.ObjectType, ObjectID: f.ObjectID, From: q.Get("from"), To: q.Get("to"),
		Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total), ExportQuery: q.Encode()})
}

// auditExport streams the filtered trail as XLSX (memory stays flat) and audits the export
// itself, since a bulk export is what early warning watches for.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx := r.Context()
	f := auditFilter(r, p)
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		return s.Audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "audit.export", ObjectType: "audit_log",
			ObjectID: "export", Summary: "导出审计日志 " + r.URL.RawQuery})
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh, err := newSheet("审计日志", []any{"序号", "时间（北京时间）", "操作人", "角色", "操作", "摘要", "对象类型", "对象编号", "客户端地址", "变更前摘要值", "变更后摘要值", "算法", "哈希"},
		8, 20, 24, 0, 0, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fmtTime := templateFuncs()["auditTime"].(func(string) string)
	err = audit.Each(ctx, s.DB.Reader(), f, func(e audit.Record) error {
		return sh.add(e.Seq, fmtTime(e.At), e.ActorName, e.ActorRoles, e.Action, e.Summary, e.ObjectType,
			e.ObjectID, e.ClientAddr, e.BeforeDigest, e.AfterDigest, e.Alg, e.Hash)
	})
	if err != nil {
		sh.x.Close()
		s.fail(w, r, err)
		return
	}
	if err := sh.send(w, "audit", clock.In(s.Now()).Format("20060102-150405")); err != nil {
		s.log.Error("audit export write", "err", err)
	}
}
