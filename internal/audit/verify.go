package audit

import (
	"context"
	"fmt"

	"custos/internal/db"
)

// Result is what Verify found.
type Result struct {
	Checked  int64  // entries read
	HeadSeq  int64  // the chain head's sequence number
	HeadHash string // the chain head's hash: record it offline to detect a rewrite of everything
	BadSeq   int64  // the first bad entry, 0 when the chain is intact
	Problem  string // what is wrong with it, in Chinese
}

// OK reports whether the chain is intact.
func (r Result) OK() bool { return r.Problem == "" }

// Verify reads the whole trail in order and checks numbering, linkage and every hash, then the
// head row. It stops at the first bad entry and names it. An error means the check could not
// run, not that the chain is bad.
func Verify(ctx context.Context, q db.Querier) (Result, error) {
	var res Result
	if err := q.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&res.HeadSeq, &res.HeadHash); err != nil {
		return res, fmt.Errorf("read audit head: %w", err)
	}
	rows, err := q.Query(ctx, `SELECT seq, at, COALESCE(actor_id, 0), actor_name, actor_roles,
		COALESCE(commission_id, 0), scope_path, action, object_type, object_id, summary,
		before_digest, after_digest, client_addr, alg, prev_hash, hash FROM audit_log ORDER BY seq`)
	if err != nil {
		return res, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var prevSeq int64
	var prevHash string
	for rows.Next() {
		var r Record
		if err := rows.Scan(&r.Seq, &r.At, &r.ActorID, &r.ActorName, &r.ActorRoles, &r.CommissionID,
			&r.ScopePath, &r.Action, &r.ObjectType, &r.ObjectID, &r.Summary, &r.BeforeDigest,
			&r.AfterDigest, &r.ClientAddr, &r.Alg, &r.PrevHash, &r.Hash); err != nil {
			return res, err
		}
		res.Checked++
		if p := check(r, prevSeq, prevHash); p != "" {
			res.BadSeq, res.Problem = r.Seq, p
			return res, nil
		}
		prevSeq, prevHash = r.Seq, r.Hash
	}
	if err := rows.Err(); err != nil {
		return res, err
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

// check returns what is wrong with r given the entry before it, or "".
func check(r Record, prevSeq int64, prevHash string) string {
	switch {
	case r.Seq != prevSeq+1:
		return fmt.Sprintf("序号不连续：第 %d 条之后是第 %d 条（条目被删除、插入或改号）", prevSeq, r.Seq)
	case r.PrevHash != prevHash:
		return "前序哈希与上一条不符（条目被删除、插入或调换顺序）"
	case r.Alg != SHA256 && r.Alg != SM3:
		return "哈希算法字段被改动"
	case ChainHash(r) != r.Hash:
		return "内容与哈希不符（条目被改动）"
	}
	return ""
}
