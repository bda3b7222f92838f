package web

import (
	"context"
	"custos/internal/clock"
	"net/http"
	"strings"

	"github.com/xuri/excelize/v2"

	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/pool"
)

// sheet streams one worksheet of an XLSX download: rows go to excelize's stream writer, so a
// long list does not grow the heap.
type sheet struct {
	x   *excelize.File
	sw  *excelize.StreamWriter
	row int
}

// newSheet starts a workbook with one sheet called name and its header row; widths are the
// columns' widths in characters (0 for the default).
func newSheet(name string, headers []any, widths ...float64) (*sheet, error) {
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", name)
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		x.Close()
		return nil, err
	}
	for i, w := range widths {
		if w > 0 {
			_ = sw.SetColWidth(i+1, i+1, w)
		}
	}
	s := &sheet{x: x, sw: sw, row: 1}
	return s, s.add(headers...)
}

func (s *sheet) add(cells ...any) error {
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	s.row++
	return s.sw.SetRow(cell, cells)
}

// send finishes the workbook and writes it as the response, named prefix-<time>.xlsx.
func (s *sheet) send(w http.ResponseWriter, prefix string, now string) error {
	defer s.x.Close()
	if err := s.sw.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+prefix+"-"+now+`.xlsx"`)
	w.Header().Set("Cache-Control", "no-store")
	return s.x.Write(w)
}

// auditExported records an export (itself a read of what it exports) in the audit trail.
func (s *Server) auditExported(ctx context.Context, p org.Principal, what, query string) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		return s.Audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "export", ObjectType: what, ObjectID: "export",
			Summary: "导出 " + what + " " + query})
	})
}

// exportList runs an export: audit it, build the sheet with fill, send it. Errors before the
// first byte become an error page.
func (s *Server) exportList(w http.ResponseWriter, r *http.Request, p org.Principal, what, prefix string, headers []any, widths []float64, fill func(*sheet) error) {
	if err := s.auditExported(r.Context(), p, what, r.URL.RawQuery); err != nil {
		s.fail(w, r, err)
		return
	}
	sh, err := newSheet(what, headers, widths...)
	if err == nil {
		err = fill(sh)
	}
	if err != nil {
		if sh != nil {
			sh.x.Close()
		}
		s.fail(w, r, err)
		return
	}
	if err := sh.send(w, prefix, clock.In(s.Now()).Format("20060102-150405")); err != nil {
		s.log.Error("export write", "what", what, "err", err)
	}
}

// talksExport exports the talks not yet held (the worklist).
func (s *Server) talksExport(w http.ResponseWriter, r *http.Request, p org.Principal) {
	rows, today, err := s.Cadres.Worklist(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.exportList(w, r, p, "谈话安排", "talks", []any{"干部", "所属机构", "类型", "事由", "应谈日期", "状态"}, []float64{10, 24, 10, 40, 12, 8},
		func(sh *sheet) error {
			for _, t := range rows {
				state := "待谈"
				if t.Overdue(today) {
					state = "逾期"
				}
				if err := sh.add(t.CadreName, t.CommissionName, cadre.TalkKindName(t.Kind), t.Reason, t.DueDate, state); err != nil {
					return err
				}
			}
			return nil
		})
}

// poolExport exports the personnel pool as filtered on its page, every page of it.
func (s *Server) poolExport(w http.ResponseWriter, r *http.Request, p org.Principal) {
	q := r.URL.Query()
	flt := pool.Filter{Skill: q.Get("skill"), ZoneID: int64(queryInt(r, "zone")), Rank: cadre.Rank(q.Get("rank")), AvailableOnly: q.Get("available") == "1"}
	s.exportList(w, r, p, "干部监督人员库", "pool", []any{"姓名", "所在机构", "职务", "职级", "协作区", "专长", "可否抽调", "培训经历", "入库日期"},
		[]float64{10, 24, 20, 10, 12, 24, 16, 30, 12},
		func(sh *sheet) error {
			for page := 1; ; page++ {
				flt.Page = org.Page{Number: page, Size: 200}
				rows, _, err := s.Pool.List(r.Context(), p, flt)
				if err != nil {
					return err
				}
				for _, m := range rows {
					avail := "可抽调"
					if !m.Available {
						avail = "暂不可（" + m.UnavailableWhy + "）"
					}
					if err := sh.add(m.Name, m.CommissionName, m.Post, cadre.RankName(m.Rank), m.Zone, strings.Join(m.Skills, "、"), avail, m.Training, m.JoinedOn); err != nil {
						return err
					}
				}
				if len(rows) < 200 {
					return nil
				}
			}
		})
}

// archiveLogExport exports who read which archive, when and why.
func (s *Server) archiveLogExport(w http.ResponseWriter, r *http.Request, p org.Principal) {
	fmtTime := templateFuncs()["auditTime"].(func(string) string)
	s.exportList(w, r, p, "档案查阅记录", "archive-log", []any{"时间（北京时间）", "查阅人", "角色", "查阅内容及事由", "客户端地址"}, []float64{20, 12, 20, 60, 16},
		func(sh *sheet) error {
			for page := 1; ; page++ {
				rows, _, err := s.Cadres.AccessLog(r.Context(), p, org.Page{Number: page, Size: 200}, int64(queryInt(r, "cadre")))
				if err != nil {
					return err
				}
				for _, e := range rows {
					if err := sh.add(fmtTime(e.At), e.ActorName, e.ActorRoles, e.Summary, e.ClientAddr); err != nil {
						return err
					}
				}
				if len(rows) < 200 {
					return nil
				}
			}
		})
}
