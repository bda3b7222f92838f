package web

import (
	"context"
	"custos/internal/clock"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"custos/internal/cadre"
	"custos/internal/org"
)

// ImportPage is the view model of cadre_import.html: the upload form and, after an upload,
// what it did.
type ImportPage struct {
	Base
	Result *cadre.ImportResult
	Atomic bool
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.render(w, r, http.StatusOK, "cadre_import", ImportPage{Base: Base{Title: "导入干部名册", Principal: p, Nav: "cadres"}, Atomic: true})
}

func (s *Server) importUpload(w http.ResponseWriter, r *http.Request, p org.Principal) {
	limit := s.Cadres.Settings().Upload
	v := ImportPage{Base: Base{Title: "导入干部名册", Principal: p, Nav: "cadres"}, Atomic: true}
	if limit.MaxBytes > 0 && r.ContentLength > limit.MaxBytes+1<<20 { // refused before reading it
		v.Error = fmt.Sprintf("文件超过 %d MB 的上限，请分成几个文件导入", limit.MaxBytes>>20)
		s.render(w, r, http.StatusRequestEntityTooLarge, "cadre_import", v)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit.MaxBytes+1<<20) // the file and the form around it
	v.Atomic = r.FormValue("mode") != "rows"
	file, _, err := r.FormFile("file")
	if err != nil {
		v.Error = fmt.Sprintf("请选择要导入的 XLSX 文件（不超过 %d MB）", limit.MaxBytes>>20)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			v.Error = fmt.Sprintf("文件超过 %d MB 的上限，请分成几个文件导入", limit.MaxBytes>>20)
		}
		s.render(w, r, http.StatusUnprocessableEntity, "cadre_import", v)
		return
	}
	defer file.Close()
	res, err := s.Cadres.Import(r.Context(), p, file, v.Atomic)
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		s.log.Info("roster import stopped: the client went away", "user", p.Username, "rows", res.Rows)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Result = &res
	status := http.StatusOK
	switch {
	case res.Rejected && res.Created+res.Updated > 0:
		v.Error, status = fmt.Sprintf("导入中途停止：已新登记 %d 人、更新 %d 人，其余未导入", res.Created, res.Updated), http.StatusUnprocessableEntity
	case res.Rejected:
		v.Error, status = "文件未能导入", http.StatusUnprocessableEntity
	case len(res.Errors) > 0 && res.Atomic:
		v.Error, status = fmt.Sprintf("有 %d 处错误，按“整体导入”方式本次未导入任何数据；请修改后重新导入", len(res.Errors)), http.StatusUnprocessableEntity
	case len(res.Errors) > 0:
		v.Notice = fmt.Sprintf("已导入：新登记 %d 人，更新 %d 人，%d 人无变化；另有 %d 行有错误未导入", res.Created, res.Updated, res.Unchanged, res.RefusedRows)
	default:
		v.Notice = fmt.Sprintf("导入完成：新登记 %d 人，更新 %d 人，%d 人无变化", res.Created, res.Updated, res.Unchanged)
	}
	s.render(w, r, status, "cadre_import", v)
}

func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="cadre-roster-template.xlsx"`)
	if err := cadre.Template(w); err != nil {
		s.log.Error("template", "err", err)
	}
}

// cadreExport streams the filtered roster (the same filters as the list) as XLSX.
func (s *Server) cadreExport(w http.ResponseWriter, r *http.Request, p org.Principal) {
	q := r.URL.Query()
	f := cadre.Filter{Query: strings.TrimSpace(q.Get("q")), Rank: cadre.Rank(q.Get("rank")), Status: cadre.Status(q.Get("status")),
		KeyMinority: q.Get("key") == "1", CommissionID: int64(queryInt(r, "commission"))}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="cadres-`+clock.In(s.Now()).Format("20060102-150405")+`.xlsx"`)
	if _, err := s.Cadres.Export(r.Context(), p, f, w); err != nil {
		s.fail(w, r, err)
	}
}

// importRejects sends the workbook of the rows an import of p's refused, with 错误原因.
func (s *Server) importRejects(w http.ResponseWriter, r *http.Request, p org.Principal) {
	content, err := s.Cadres.Rejects(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="rejected-rows.xlsx"; filename*=UTF-8''%E6%9C%AA%E5%AF%BC%E5%85%A5%E7%9A%84%E8%A1%8C.xlsx`)
	w.Write(content)
}
