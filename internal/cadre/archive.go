package cadre

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// Purposes are the reasons an archive may be opened for (B1); "other" needs words.
func Purposes() []string {
	return []string{"党风廉政意见回复", "监督谈话", "线索处置", "干部考察", "日常监督", "其他"}
}

// Archive is one cadre's integrity archive at a glance (一口清).
type Archive struct {
	Cadre        Cadre
	Appointments []Appointment
	Talks        []Talk
	Family       []FamilyMember
	Records      []Record   // the archive sections' records, newest first
	Conflicts    []Conflict // family businesses the prohibition rules forbid (A5)
	Portraits    []Portrait // the three portraits by period, newest first (A2)
	Dimensions   []Dimension
	Items        []Item // the timeline, newest first
	Purpose      string
}

// Open reads cadre id's archive for purpose — a protected read: it is audited in the same
// transaction, and refused (Forbidden) for the reader's own archive or that of a close
// relative or specific related person, and for cadres who left longer ago than the archives
// keep (Settings.KeepLeftYears). Requires archive.read.
func (s *Service) Open(ctx context.Context, p org.Principal, id int64, purpose, detail string) (Archive, error) {
	if !p.Can(org.PermArchiveRead) {
		return Archive{}, apperr.New(apperr.Forbidden, "无权查阅廉政档案")
	}
	purpose, detail = strings.TrimSpace(purpose), strings.TrimSpace(detail)
	known := false
	for _, x := range Purposes() {
		known = known || x == purpose
	}
	switch {
	case !known:
		return Archive{}, apperr.Fields{"purpose": "请选择查阅事由"}.Err()
	case purpose == "其他" && (detail == "" || utf8.RuneCountInString(detail) > 100):
		return Archive{}, apperr.Fields{"detail": "事由为“其他”的，请说明具体事由（不超过 100 字）"}.Err()
	case utf8.RuneCountInString(detail) > 100:
		return Archive{}, apperr.Fields{"detail": "说明不超过 100 字"}.Err()
	}
	if detail != "" {
		purpose += "：" + detail
	}
	var a Archive
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		a, err = s.OpenIn(ctx, tx, p, id, purpose)
		return err
	})
	return a, err
}

// OpenIn is Open inside the caller's transaction, for another domain's use case that reads
// archives as part of its own write (an integrity-opinion reply reads each cadre's archive).
// purpose is recorded as given. The same refusals apply; the read is audited in tx.
func (s *Service) OpenIn(ctx context.Context, tx *db.Tx, p org.Principal, id int64, purpose string) (Archive, error) {
	if !p.Can(org.PermArchiveRead) {
		return Archive{}, apperr.New(apperr.Forbidden, "无权查阅廉政档案")
	}
	var a Archive
	err := func() error {
		k, err := getCadre(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.mayRead(ctx, tx, p, k); err != nil {
			return err
		}
		a = Archive{Cadre: k, Purpose: purpose}
		if a.Appointments, err = appointments(ctx, tx, k.ID); err != nil {
			return err
		}
		if a.Talks, err = talksOf(ctx, tx, k.ID); err != nil {
			return err
		}
		if a.Family, err = family(ctx, tx, k.ID); err != nil {
			return err
		}
		if a.Items, err = items(ctx, tx, k.ID); err != nil {
			return err
		}
		if a.Records, err = records(ctx, tx, k.ID); err != nil {
			return err
		}
		rules, err := s.Rules(ctx)
		if err != nil {
			return err
		}
		a.Conflicts = CheckProhibitions(k, k.CommissionName, a.Family, rules)
		if a.Portraits, err = portraits(ctx, tx, k.ID, a.Items); err != nil {
			return err
		}
		if a.Dimensions, err = s.Dimensions(ctx); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "archive.read", ObjectType: "cadre_archive",
			ObjectID: strconv.FormatInt(k.ID, 10), Summary: "查阅 " + k.Name + "（" + k.CommissionName + "）的廉政档案，事由：" + purpose,
			CommissionID: k.CommissionID, ScopePath: k.CommissionPath})
	}()
	return a, err
}

// mayRead refuses the reader's own archive, a relative's, and one past the keeping period.
func (s *Service) mayRead(ctx context.Context, tx *db.Tx, p org.Principal, k Cadre) error {
	if k.UserID != 0 && k.UserID == p.UserID {
		return apperr.New(apperr.Forbidden, "不能查阅本人的廉政档案")
	}
	var own Cadre
	err := tx.QueryRow(ctx, `SELECT id, id_number FROM cadres WHERE user_id = ?`, p.UserID).Scan(&own.ID, &own.IDNumber)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case own.ID == k.ID:
		return apperr.New(apperr.Forbidden, "不能查阅本人的廉政档案")
	default:
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM family_members WHERE (cadre_id = ? AND id_number = ?) OR (cadre_id = ? AND id_number = ?)`,
			k.ID, own.IDNumber, own.ID, k.IDNumber).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.Forbidden, "不能查阅近亲属或特定关系人的廉政档案，请由其他同志办理（回避）")
		}
	}
	if k.Status != InPost && k.LeftAt != "" {
		limit := s.today().AddDate(-s.set.KeepLeftYears, 0, 0).Format("2006-01-02")
		if k.LeftAt < limit {
			return apperr.New(apperr.Conflict, "该干部于 %s 离岗，已超过 %d 年，不在廉政档案覆盖范围内", k.LeftAt, s.set.KeepLeftYears)
		}
	}
	return nil
}

// AccessLog returns one page of archive reads in p's scope, newest first: who read which
// archive, when and why. Requires archive.log.
func (s *Service) AccessLog(ctx context.Context, p org.Principal, pg org.Page, cadreID int64) ([]audit.Record, int, error) {
	if !p.Can(org.PermArchiveLog) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看档案查阅记录")
	}
	pg = pg.Normalize()
	f := audit.Filter{ScopePath: p.ScopePath, Action: "archive.read", ObjectType: "cadre_archive", Limit: pg.Size, Offset: pg.Offset()}
	if cadreID != 0 {
		f.ObjectID = strconv.FormatInt(cadreID, 10)
	}
	return audit.List(ctx, s.db.Reader(), f)
}

// SectionRecords returns the archive's records of one section, newest first.
func (a Archive) SectionRecords(section string) []Record {
	var out []Record
	for _, r := range a.Records {
		if r.Section == section {
			out = append(out, r)
		}
	}
	return out
}
