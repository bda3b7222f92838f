package stats

import (
	"context"
	"sync"
	"time"

	"custos/internal/db"
)

// Trend is the monthly count of the main lines over a period.
type Trend struct {
	Months []string // YYYY-MM
	Series []Series
}

// trendLines are the lines drawn month by month.
var trendLines = []struct {
	name string
	src  source
}{{"接收信访举报", srcReports}, {"处置问题线索", srcClues}, {"立案", srcCasesFiled}, {"处分", srcPersons}}

// Monthly counts the trend lines month by month over pd (at most 60 months: a longer period is
// cut to its last 60).
func (s *Service) Monthly(ctx context.Context, u Unit, pd Period) (Trend, error) {
	from, _ := time.Parse("2006-01-02", pd.From)
	to, _ := time.Parse("2006-01-02", pd.To)
	var t Trend
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
		t.Months = append(t.Months, m.Format("2006-01"))
	}
	if len(t.Months) > 60 {
		t.Months = t.Months[len(t.Months)-60:]
	}
	at := map[string]int{}
	for i, m := range t.Months {
		at[m] = i
	}
	lo, hi := db.SubtreeRange(u.Path)
	c := counter{mu: &sync.Mutex{}, ctx: ctx, q: s.db.Reader(), lo: lo, hi: hi, pd: pd}
	for _, l := range trendLines {
		sr := Series{Name: l.name, Values: make([]int, len(t.Months))}
		err := c.count(l.src, "", `substr(`+l.src.date+`, 1, 7)`, func(m string, n int) {
			if i, ok := at[m]; ok {
				sr.Values[i] += n
			}
		})
		if err != nil {
			return Trend{}, err
		}
		t.Series = append(t.Series, sr)
	}
	return t, nil
}

// Branch is one child commission's form (or the unit's own organ's) in the by-subtree view.
type Branch struct {
	Unit    Unit
	Figures Figures
}

// BySubtree returns the form of each commission directly under u over pd.
func (s *Service) BySubtree(ctx context.Context, u Unit, pd Period) ([]Branch, error) {
	kids, err := s.Children(ctx, u)
	if err != nil {
		return nil, err
	}
	out := make([]Branch, 0, len(kids))
	for _, k := range kids {
		f, err := s.Compute(ctx, k, pd)
		if err != nil {
			return nil, err
		}
		out = append(out, Branch{Unit: k, Figures: f})
	}
	return out, nil
}

// RankBars are the persons sanctioned by rank.
func RankBars(f Figures) []Bar {
	var out []Bar
	for _, r := range rankKeys {
		out = append(out, Bar{Label: r.Name, Value: f.SanctionedByRank.get(r.Key)})
	}
	return out
}

// FormSlices are the four forms.
func FormSlices(f Figures) []Bar {
	var out []Bar
	for _, fm := range forms {
		out = append(out, Bar{Label: fm.Name, Value: f.FourForms.get(fm.ID)})
	}
	return out
}
