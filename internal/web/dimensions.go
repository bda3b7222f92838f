package web

import (
	"net/http"
	"strconv"
	"strings"

	"custos/internal/cadre"
	"custos/internal/org"
)

// DimensionsPage is the view model of dimensions.html: configuring the portrait dimensions.
type DimensionsPage struct {
	Base
	Rows []cadre.Dimension
	Form Form
	Edit int64 // the dimension the form belongs to; 0 for a new one
}

func (s *Server) dimensions(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showDimensions(w, r, p, http.StatusOK, newForm(nil), 0, r.URL.Query().Get("notice"))
}

func (s *Server) showDimensions(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, edit int64, notice string) {
	rows, err := s.Cadres.AllDimensions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "dimensions", DimensionsPage{Base: Base{Title: "画像维度", Principal: p, Nav: "dimensions", Notice: notice, Error: invalidBanner(f)},
		Rows: rows, Form: f, Edit: edit})
}

func (s *Server) dimensionSave(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := formInt(r, "id")
	pos, _ := strconv.Atoi(strings.TrimSpace(r.FormValue("position")))
	d, err := s.Cadres.SaveDimension(r.Context(), p, cadre.Dimension{ID: id, Name: r.FormValue("name"), Guidance: r.FormValue("guidance"), Position: pos})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showDimensions(w, r, p, StatusOf(err), f, id, "") })
		return
	}
	redirectNotice(w, r, "/dimensions", "已保存画像维度："+d.Name)
}

func (s *Server) dimensionRetire(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := s.Cadres.RetireDimension(r.Context(), p, pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectNotice(w, r, "/dimensions", "已停用该画像维度，已写的画像不受影响")
}
