package clue

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"strconv"
	"strings"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// SpotDraw is a recorded draw of inquiries to spot-check.
type SpotDraw struct {
	ID       int64
	Period   string
	Share    float64
	Seed     uint64
	Pool     int
	Selected []InquiryRow
}

// DrawSpotChecks draws, over the inquiries of p's commission and below concluded in period
// (YYYY or YYYY-MM) and not yet drawn, at least Settings.SpotShare of them with key-minority
// subjects first (Draw). The seed is random and recorded with the pool's size, so anyone can
// re-run Draw over the same pool and get the same selection. Requires clue.handle.
func (s *Service) DrawSpotChecks(ctx context.Context, p org.Principal, period string) (SpotDraw, error) {
	if !p.Can(org.PermClueHandle) {
		return SpotDraw{}, apperr.New(apperr.Forbidden, "无权抽查")
	}
	period = strings.TrimSpace(period)
	if len(period) != 4 && len(period) != 7 {
		return SpotDraw{}, apperr.Fields{"period": "请填写抽查期间：年份（2026）或年月（2026-11）"}.Err()
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return SpotDraw{}, err
	}
	d := SpotDraw{Period: period, Share: s.set.SpotShare, Seed: binary.LittleEndian.Uint64(b[:]) >> 1} // fits a signed BIGINT
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		lo, hi := db.SubtreeRange(p.ScopePath)
		pool, err := s.inquiries(ctx, tx, `i.commission_path >= ? AND i.commission_path < ? AND i.concluded_on LIKE ?
			AND NOT EXISTS (SELECT 1 FROM spot_checks x WHERE x.inquiry_id = i.id)`, lo, hi, period+"%")
		if err != nil {
			return err
		}
		if len(pool) == 0 {
			return apperr.New(apperr.Conflict, "%s 没有待抽查的已了结谈话函询", period)
		}
		byID := map[int64]InquiryRow{}
		var refs []Ref
		for _, q := range pool {
			byID[q.ID] = q
			refs = append(refs, Ref{ID: q.ID, CadreID: q.CadreID, Started: q.StartedOn, KeyMinority: q.KeyMinority})
		}
		d.Pool = len(pool)
		if err := tx.QueryRow(ctx, `INSERT INTO spot_draws (commission_id, commission_path, period, share, seed, pool, drawn_by, drawn_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.CommissionID, p.ScopePath, period, d.Share, int64(d.Seed), d.Pool,
			p.DisplayName, s.now().UTC()).Scan(&d.ID); err != nil {
			return err
		}
		for i, r := range Draw(refs, d.Share, d.Seed) {
			if _, err := tx.Exec(ctx, `INSERT INTO spot_checks (draw_id, inquiry_id, position) VALUES (?, ?, ?)`, d.ID, r.ID, i+1); err != nil {
				return err
			}
			d.Selected = append(d.Selected, byID[r.ID])
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "spotcheck.draw", ObjectType: "spot_draw", ObjectID: strconv.FormatInt(d.ID, 10),
			Summary: "抽取 " + period + " 谈话函询抽查对象 " + strconv.Itoa(len(d.Selected)) + "/" + strconv.Itoa(d.Pool) + " 件（种子 " + strconv.FormatUint(d.Seed, 10) + "）",
			After:   map[string]any{"seed": d.Seed, "share": d.Share, "pool": d.Pool}})
	})
	return d, err
}

// RecordSpotCheck records how a drawn inquiry was checked (talk, records, query) and what was
// found; a contradiction reopens the clue for a new proposal and flags the reply as deceptive.
// Requires clue.handle.
func (s *Service) RecordSpotCheck(ctx context.Context, p org.Principal, inquiryID int64, method, finding string, contradiction bool) error {
	if !p.Can(org.PermClueHandle) {
		return apperr.New(apperr.Forbidden, "无权抽查")
	}
	f := apperr.Fields{}
	if method != "talk" && method != "records" && method != "query" {
		f.Add("method", "请选择核实方式：谈话、查阅资料或函询查询")
	}
	finding = strings.TrimSpace(finding)
	if finding == "" {
		f.Add("finding", "请填写核实情况")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := s.inquiries(ctx, tx, `i.id = ? AND EXISTS (SELECT 1 FROM spot_checks x WHERE x.inquiry_id = i.id AND x.checked_on = '')`, inquiryID)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return apperr.New(apperr.Conflict, "该谈话函询未被抽中或已核实")
		}
		q := rows[0]
		c, err := s.get(ctx, tx, p, q.ClueID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE spot_checks SET method = ?, finding = ?, contradiction = ?, checked_on = ? WHERE inquiry_id = ?`,
			method, finding, contradiction, s.today(), inquiryID); err != nil {
			return err
		}
		what := "抽查核实 " + q.CadreName + " 的函询结果：属实"
		if contradiction {
			what = "抽查核实 " + q.CadreName + " 的函询结果：发现不如实说明，线索重新研究处置"
			if _, err := tx.Exec(ctx, `UPDATE clues SET status = ?, deception = ?, closed_on = '' WHERE id = ?`, Allocated, true, c.ID); err != nil {
				return err
			}
		}
		return s.custody(ctx, tx, p, c, "spotcheck.record", what, finding)
	})
}

// OpenSpotChecks returns the drawn inquiries in p's scope not yet checked, key-minority first.
// Requires clue.view.
func (s *Service) OpenSpotChecks(ctx context.Context, p org.Principal) ([]InquiryRow, error) {
	if !p.Can(org.PermClueView) {
		return nil, apperr.New(apperr.Forbidden, "无权查看抽查")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	rows, err := s.inquiries(ctx, s.db.Reader(), `i.commission_path >= ? AND i.commission_path < ?
		AND EXISTS (SELECT 1 FROM spot_checks x WHERE x.inquiry_id = i.id AND x.checked_on = '')`, lo, hi)
	if err != nil {
		return nil, err
	}
	var key, rest []InquiryRow
	for _, q := range rows {
		if q.KeyMinority {
			key = append(key, q)
		} else {
			rest = append(rest, q)
		}
	}
	return append(key, rest...), nil
}
