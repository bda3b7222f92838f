package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"custos/internal/db"
)

// Checkpoint is a signed statement that the trail had Seq entries, the last with Hash, at At.
// Kept where the database's administrators cannot reach (another machine, paper), it proves
// later that the trail still extends it: a tail truncated with its head rewritten, or a trail
// rewritten as a whole, no longer passes through (Seq, Hash).
type Checkpoint struct {
	Seq       int64  `json:"seq"`
	Hash      string `json:"hash"`
	At        string `json:"at"`        // RFC 3339, UTC
	Key       string `json:"key"`       // the signing key's id (KeyID)
	Signature string `json:"signature"` // Ed25519 over message(), base64
}

// message is what a checkpoint's signature covers.
func (c Checkpoint) message() []byte {
	return []byte("custos audit checkpoint v1\nseq=" + strconv.FormatInt(c.Seq, 10) + "\nhash=" + c.Hash + "\nat=" + c.At + "\n")
}

// KeyID names a public key without being it: "ed25519:" and the first 8 bytes of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return "ed25519:" + hex.EncodeToString(sum[:8])
}

// SignCheckpoint returns the checkpoint (seq, hash, at) signed with priv.
func SignCheckpoint(priv ed25519.PrivateKey, seq int64, hash string, at time.Time) Checkpoint {
	c := Checkpoint{Seq: seq, Hash: hash, At: at.UTC().Format(time.RFC3339), Key: KeyID(priv.Public().(ed25519.PublicKey))}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, c.message()))
	return c
}

// CheckSignature returns an error unless c is signed by pub.
func (c Checkpoint) CheckSignature(pub ed25519.PublicKey) error {
	if c.Key != KeyID(pub) {
		return fmt.Errorf("检查点由密钥 %s 签名，而用于核对的公钥是 %s", c.Key, KeyID(pub))
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || !ed25519.Verify(pub, c.message(), sig) {
		return errors.New("检查点签名无效：文件被改动或不是用该密钥签发的")
	}
	return nil
}

// Marshal returns c as the text of a checkpoint file (indented JSON, short enough to print).
func (c Checkpoint) Marshal() []byte {
	b, _ := json.MarshalIndent(c, "", "  ")
	return append(b, '\n')
}

// ParseCheckpoint reads a checkpoint file's text.
func ParseCheckpoint(b []byte) (Checkpoint, error) {
	var c Checkpoint
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("不是审计检查点文件：%w", err)
	}
	if c.Seq < 0 || c.Signature == "" || c.Key == "" {
		return c, errors.New("不是审计检查点文件：缺少序号、密钥或签名")
	}
	return c, nil
}

// Extends checks that the trail r holds still passes through c: after a clean Verify, the
// head is at or past c.Seq and the entry c.Seq has c.Hash. A problem is reported in Result
// like Verify's; c's signature is the caller's to check first.
func Extends(ctx context.Context, r db.Reader, c Checkpoint) (Result, error) {
	res, err := Verify(ctx, r)
	if err != nil || !res.OK() || c.Seq == 0 {
		return res, err
	}
	if res.HeadSeq < c.Seq {
		res.BadSeq = res.HeadSeq + 1
		res.Problem = fmt.Sprintf("检查点（%s）记录日志已有 %d 条，现在只有 %d 条：其后的条目被删除，链头被改写", c.At, c.Seq, res.HeadSeq)
		return res, nil
	}
	var h string
	err = r.QueryRow(ctx, `SELECT hash FROM audit_log WHERE seq = ?`, c.Seq).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		res.BadSeq, res.Problem = c.Seq, fmt.Sprintf("检查点记录的第 %d 条不存在", c.Seq)
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("read audit log: %w", err)
	}
	if h != c.Hash {
		res.BadSeq = c.Seq
		res.Problem = fmt.Sprintf("第 %d 条的哈希与检查点（%s）记录的不符：日志在检查点之后被整体改写", c.Seq, c.At)
	}
	return res, nil
}

// GenerateKeyFiles writes a new Ed25519 private key to path (PEM PKCS #8, mode 0600) and its
// public key to path+".pub" (PEM PKIX), refusing to overwrite either, and returns the key id.
func GenerateKeyFiles(path string) (string, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(path + ".pub"); err == nil {
		return "", fmt.Errorf("%s.pub 已存在，不覆盖", path)
	}
	if err := writeNew(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return "", err
	}
	if err := writeNew(path+".pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644); err != nil {
		return "", err
	}
	return KeyID(pub), nil
}

func writeNew(path string, b []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// LoadSigningKey reads an Ed25519 private key file (PEM PKCS #8).
func LoadSigningKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("检查点签名私钥：%w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("检查点签名私钥 %s 不是 PEM 格式的私钥", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	priv, ok := k.(ed25519.PrivateKey)
	if err != nil || !ok {
		return nil, fmt.Errorf("检查点签名私钥 %s 不是 Ed25519 私钥", path)
	}
	return priv, nil
}

// LoadPublicKey reads an Ed25519 public key file (PEM PKIX), or derives the public key from a
// private key file.
func LoadPublicKey(path string) (ed25519.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("检查点公钥：%w", err)
	}
	blk, _ := pem.Decode(b)
	if blk != nil && blk.Type == "PRIVATE KEY" {
		priv, err := LoadSigningKey(path)
		if err != nil {
			return nil, err
		}
		return priv.Public().(ed25519.PublicKey), nil
	}
	if blk == nil || blk.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("检查点公钥 %s 不是 PEM 格式的公钥", path)
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	pub, ok := k.(ed25519.PublicKey)
	if err != nil || !ok {
		return nil, fmt.Errorf("检查点公钥 %s 不是 Ed25519 公钥", path)
	}
	return pub, nil
}
