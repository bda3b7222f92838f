// Package audit keeps the append-only, hash-chained audit trail (B3). Every write, and every
// read of a protected record, appends an Entry inside the same transaction as the change, so an
// action that is not audited did not happen. Entries are numbered without gaps; each one's hash
// covers the previous hash and all of its own fields, so Verify finds an edited, deleted,
// inserted or reordered entry and names the first bad one. The database itself refuses UPDATE
// and DELETE on the table (triggers on both engines).
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"custos/internal/db"
)

// Algorithms the chain can be computed with.
const (
	SHA256 = "sha256"
	SM3    = "sm3"
)

// TimeLayout is how an entry's time is stored and hashed: fixed width, UTC, microseconds, so
// that text order is time order on both engines.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Actor is who did something: a user, or the system itself (ID 0).
type Actor struct {
	ID           int64
	Name         string   // login name and display name, e.g. "admin（系统管理员）"
	Roles        []string // role identifiers held at the time
	CommissionID int64
	ScopePath    string // the actor's commission path
	ClientAddr   string
}

// System is the actor for work done by the platform itself or from the command line.
func System(what string) Actor { return Actor{Name: "system:" + what, ClientAddr: "local"} }

// Entry is what happened. Before and After are digested, never stored: the trail proves what a
// record looked like without copying its (possibly secret) contents.
type Entry struct {
	Action       string // e.g. "user.create", "archive.read"
	ObjectType   string // e.g. "user"
	ObjectID     string
	Summary      string // short Chinese description without personal secrets
	Before       any    // nil when there was nothing before
	After        any    // nil when nothing remains
	CommissionID int64  // the commission the object belongs to; 0 means the actor's
	ScopePath    string // that commission's path; "" means the actor's
}

// Record is a stored entry as the viewer and Verify see it.
type Record struct {
	Seq          int64
	At           string
	ActorID      int64
	ActorName    string
	ActorRoles   string
	CommissionID int64
	ScopePath    string
	Action       string
	ObjectType   string
	ObjectID     string
	Summary      string
	BeforeDigest string
	AfterDigest  string
	ClientAddr   string
	Alg          string
	PrevHash     string
	Hash         string
}

// Log appends entries. Its zero value is not usable; see New.
type Log struct {
	alg string
	now func() time.Time
}

// New returns a Log hashing new entries with alg (SHA256 or SM3) and stamping them with now.
func New(alg string, now func() time.Time) (*Log, error) {
	if alg == "" {
		alg = SHA256
	}
	if alg != SHA256 && alg != SM3 {
		return nil, fmt.Errorf("audit: unknown hash algorithm %q (use sha256 or sm3)", alg)
	}
	return &Log{alg: alg, now: now}, nil
}

// Alg returns the algorithm new entries are hashed with.
func (l *Log) Alg() string { return l.alg }

// Append writes e as the next entry of the chain inside tx. It locks the chain's head row until
// tx ends, so concurrent transactions are numbered in commit order with no gaps.
//
// The head is read and locked by a transaction's first append and written back once, just
// before the transaction commits: a batch of appends costs one statement each.
func (l *Log) Append(ctx context.Context, tx *db.Tx, a Actor, e Entry) error {
	h, err := lockHead(ctx, tx)
	if err != nil {
		return err
	}
	seq, prev := h.seq+1, h.hash
	r := Record{
		Seq: seq, At: l.now().UTC().Format(TimeLayout),
		ActorID: a.ID, ActorName: a.Name, ActorRoles: strings.Join(a.Roles, ","),
		CommissionID: e.CommissionID, ScopePath: e.ScopePath,
		Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, Summary: e.Summary,
		BeforeDigest: Digest(l.alg, e.Before), AfterDigest: Digest(l.alg, e.After),
		ClientAddr: a.ClientAddr, Alg: l.alg, PrevHash: prev,
	}
	if r.CommissionID == 0 {
		r.CommissionID = a.CommissionID
	}
	if r.ScopePath == "" {
		r.ScopePath = a.ScopePath
	}
	if r.ScopePath == "" {
		r.ScopePath = "/" // the system's own entries: seen by auditors of a root commission
	}
	r.Hash = ChainHash(r)
	var actorID, commissionID any
	if r.ActorID != 0 {
		actorID = r.ActorID
	}
	if r.CommissionID != 0 {
		commissionID = r.CommissionID
	}
	_, err = tx.Exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_name, actor_roles, commission_id,
		scope_path, action, object_type, object_id, summary, before_digest, after_digest, client_addr,
		alg, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, r.At, actorID, r.ActorName, r.ActorRoles, commissionID, r.ScopePath, r.Action,
		r.ObjectType, r.ObjectID, r.Summary, r.BeforeDigest, r.AfterDigest, r.ClientAddr, r.Alg,
		r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	h.seq, h.hash = seq, r.Hash
	return nil
}

// head is the chain's head as a transaction sees it while it appends.
type head struct {
	seq  int64
	hash string
}

type headKey struct{}

// lockHead returns the transaction's view of the head, reading and row-locking audit_head on
// the first call and arranging for the final head to be stored before commit.
func lockHead(ctx context.Context, tx *db.Tx) (*head, error) {
	if h, ok := tx.Memo(headKey{}).(*head); ok {
		return h, nil
	}
	h := &head{}
	// a no-op update takes the row lock (PostgreSQL) that orders concurrent appenders
	if err := tx.QueryRow(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash`).Scan(&h.seq, &h.hash); err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	start := h.seq
	tx.SetMemo(headKey{}, h)
	tx.BeforeCommit(func() error {
		if h.seq == start {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, h.seq, h.hash); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		return nil
	})
	return h, nil
}

// Digest returns the hex hash of v's JSON form, or "" for nil.
func Digest(alg string, v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(fmt.Sprint(v))
	}
	h := newHash(alg)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// ChainHash computes r's hash from its previous hash and every field but Hash, with r.Alg.
// Fields are length-prefixed so no two different records share an input.
func ChainHash(r Record) string {
	var h hasher
	return hex.EncodeToString(h.sum(r))
}

// hasher computes chain hashes reusing its buffer and hash states (one per goroutine).
type hasher struct {
	buf  []byte
	sums map[string]hash.Hash
	out  [32]byte
	want [32]byte
}

func (h *hasher) sum(r Record) []byte {
	if h.sums == nil {
		h.sums = map[string]hash.Hash{}
	}
	hh, ok := h.sums[r.Alg]
	if !ok {
		hh = newHash(r.Alg)
		h.sums[r.Alg] = hh
	}
	hh.Reset()
	b := h.buf[:0]
	for _, f := range [...]string{
		r.PrevHash, strconv.FormatInt(r.Seq, 10), r.At, strconv.FormatInt(r.ActorID, 10), r.ActorName,
		r.ActorRoles, strconv.FormatInt(r.CommissionID, 10), r.ScopePath, r.Action, r.ObjectType,
		r.ObjectID, r.Summary, r.BeforeDigest, r.AfterDigest, r.ClientAddr, r.Alg,
	} {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
	}
	h.buf = b
	hh.Write(b)
	return hh.Sum(h.out[:0])
}

// check returns what is wrong with r's own content, or "".
func (h *hasher) check(r Record) string {
	if r.Alg != SHA256 && r.Alg != SM3 {
		return "哈希算法字段被改动"
	}
	got := h.sum(r)
	if n, err := hex.Decode(h.want[:], []byte(r.Hash)); err != nil || n != len(got) || string(h.want[:n]) != string(got) {
		return "内容与哈希不符（条目被改动）"
	}
	return ""
}

func newHash(alg string) hash.Hash {
	if alg == SM3 {
		return sm3.New()
	}
	return sha256.New()
}
