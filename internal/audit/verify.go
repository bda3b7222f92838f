package audit

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"custos/internal/db"
)

// Result is what Verify found.
type Result struct {
	Checked  int64  // entries read
	HeadSeq  int64  // the chain head's sequence number when the check began
	HeadHash string // the chain head's hash: record it offline to detect a rewrite of everything
	BadSeq   int64  // the first bad entry, 0 when the chain is intact
	Problem  string // what is wrong with it, in Chinese
}

// OK reports whether the chain is intact.
func (r Result) OK() bool { return r.Problem == "" }

// Verify checks the trail up to the head as it was when the check began (entries appended
// meanwhile are left for the next check): numbering without gaps, each entry's link to the one
// before, and every hash. It names the first bad entry. The seq range is checked in parallel
// chunks, two per core (so that a core is busy while a chunk waits on the database), whose
// boundaries are then stitched. An error means the check could not
// run, not that the chain is bad.
func Verify(ctx context.Context, r db.Reader) (Result, error) {
	return VerifyWith(ctx, r, Tuning{Workers: 2 * runtime.GOMAXPROCS(0), MinChunk: 10_000})
}

// Tuning sets how Verify splits the work: at most Workers chunks of at least MinChunk
// entries. Tests use tiny chunks to exercise the seams.
type Tuning struct {
	Workers  int
	MinChunk int64
}

// VerifyWith is Verify with explicit tuning.
func VerifyWith(ctx context.Context, r db.Reader, t Tuning) (Result, error) {
	var res Result
	if err := r.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&res.HeadSeq, &res.HeadHash); err != nil {
		return res, fmt.Errorf("read audit head: %w", err)
	}
	var stray int64
	if err := r.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE seq < 1`).Scan(&stray); err != nil {
		return res, err
	}
	if stray > 0 {
		res.BadSeq, res.Problem = 1, "存在序号小于 1 的条目（条目被插入或改号）"
		return res, nil
	}
	workers := max(int64(t.Workers), 1)
	size := max((res.HeadSeq+workers-1)/workers, t.MinChunk, 1)
	var chunks []*chunk
	for lo := int64(1); lo <= res.HeadSeq; lo += size {
		chunks = append(chunks, &chunk{lo: lo, hi: min(lo+size-1, res.HeadSeq)})
	}
	var wg sync.WaitGroup
	for _, c := range chunks {
		wg.Add(1)
		go func() { defer wg.Done(); c.err = c.check(ctx, r) }()
	}
	wg.Wait()
	prevSeq, prevHash := int64(0), ""
	for _, c := range chunks {
		if c.err != nil {
			return res, c.err
		}
		res.Checked += c.checked
	}
	// the first problem is the smallest seq among the chunks' own findings and their seams
	for _, c := range chunks {
		bad, problem := c.badSeq, c.problem
		if c.checked == 0 {
			bad, problem = prevSeq+1, fmt.Sprintf("第 %d 至 %d 条全部缺失（条目被删除）", c.lo, c.hi)
		} else if seam := seamProblem(c, prevSeq, prevHash); seam != "" {
			bad, problem = c.firstSeq, seam
		}
		if problem != "" {
			res.BadSeq, res.Problem = bad, problem
			return res, nil
		}
		prevSeq, prevHash = c.lastSeq, c.lastHash
	}
	if res.OK() {
		if err := beyondHead(ctx, r, &res, prevSeq, prevHash); err != nil || !res.OK() {
			return res, err
		}
	}
	switch {
	case res.HeadSeq != prevSeq:
		res.BadSeq = prevSeq + 1
		res.Problem = fmt.Sprintf("链头记录到第 %d 条，日志只到第 %d 条：其后的条目被删除", res.HeadSeq, prevSeq)
	case res.HeadHash != prevHash:
		res.BadSeq = prevSeq
		res.Problem = "链头哈希与最后一条不符：链头或最后一条被改动"
	}
	return res, nil
}

// beyondHead finds entries numbered past the head: appended without moving the head (a forgery
// that bypassed Append), or left behind when the head was set back. The highest seq is read
// before the head again: a committed append moves both in one transaction, so the head read
// second is never behind an honest entry read first.
func beyondHead(ctx context.Context, r db.Reader, res *Result, lastSeq int64, lastHash string) error {
	var top, headNow int64
	if err := r.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM audit_log`).Scan(&top); err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	if err := r.QueryRow(ctx, `SELECT seq FROM audit_head WHERE id = 1`).Scan(&headNow); err != nil {
		return fmt.Errorf("read audit head: %w", err)
	}
	if top > headNow {
		res.BadSeq = headNow + 1
		res.Problem = fmt.Sprintf("链头只记录到第 %d 条，日志中却有到第 %d 条的条目：链头之后的条目是绕过链头追加的（伪造），或链头被改回", headNow, top)
	}
	return nil
}

// chunk is one seq range checked by one worker.
type chunk struct {
	lo, hi    int64
	checked   int64
	firstSeq  int64
	firstPrev string
	lastSeq   int64
	lastHash  string
	badSeq    int64
	problem   string
	err       error
}

// check reads the chunk in order and records its first problem and its two ends.
func (c *chunk) check(ctx context.Context, r db.Reader) error {
	rows, err := r.Query(ctx, `SELECT `+recordColumns+` FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq`, c.lo, c.hi)
	if err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var h hasher
	for rows.Next() {
		e, err := scanRecord(rows)
		if err != nil {
			return err
		}
		c.checked++
		if c.checked == 1 {
			c.firstSeq, c.firstPrev = e.Seq, e.PrevHash
		} else if p := link(e, c.lastSeq, c.lastHash); p != "" {
			c.badSeq, c.problem = e.Seq, p
			return nil
		}
		if p := h.check(e); p != "" {
			c.badSeq, c.problem = e.Seq, p
			return nil
		}
		c.lastSeq, c.lastHash = e.Seq, e.Hash
	}
	return rows.Err()
}

// seamProblem checks a chunk's first entry against the last entry of the chunk before it.
func seamProblem(c *chunk, prevSeq int64, prevHash string) string {
	return link(Record{Seq: c.firstSeq, PrevHash: c.firstPrev}, prevSeq, prevHash)
}

// link returns what is wrong with how r follows the entry (prevSeq, prevHash), or "".
func link(r Record, prevSeq int64, prevHash string) string {
	switch {
	case r.Seq != prevSeq+1:
		return fmt.Sprintf("序号不连续：第 %d 条之后是第 %d 条（条目被删除、插入或改号）", prevSeq, r.Seq)
	case r.PrevHash != prevHash:
		return "前序哈希与上一条不符（条目被删除、插入或调换顺序）"
	}
	return ""
}
