// Package secret seals small confidential records — reporters' identities, attachments — with
// AES-256-GCM under a key kept outside the database (a file or the environment). A sealed value
// names the key it was sealed with, so keys can be rotated; without the key the database alone
// reveals nothing. The database records the id of its key (never the key): CheckKey decides
// whether a start may proceed, Reseal moves every sealed value to a new key.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the key length in bytes (AES-256).
const KeySize = 32

// Box seals and opens values with one key.
type Box struct {
	aead cipher.AEAD
	id   string
}

// New returns a Box for key.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("密钥应为 %d 字节，实为 %d 字节", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(key)
	return &Box{aead: aead, id: hex.EncodeToString(sum[:4])}, nil
}

// ID names the key without revealing it (the first bytes of its SHA-256).
func (b *Box) ID() string { return b.id }

// Seal encrypts plaintext bound to purpose (e.g. "reporter"): a value sealed for one purpose
// does not open for another. The result is "v1:<key id>:<base64 of nonce and ciphertext>".
func (b *Box) Seal(plaintext []byte, purpose string) string {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // the system's randomness failing is not recoverable
	}
	ct := b.aead.Seal(nonce, nonce, plaintext, []byte(purpose))
	return "v1:" + b.id + ":" + base64.StdEncoding.EncodeToString(ct)
}

// ErrWrongKey means the value was sealed under another key.
var ErrWrongKey = errors.New("sealed with another key")

// Open decrypts a value made by Seal for the same purpose.
func (b *Box) Open(sealed, purpose string) ([]byte, error) {
	parts := strings.SplitN(sealed, ":", 3)
	if len(parts) != 3 || parts[0] != "v1" {
		return nil, errors.New("not a sealed value")
	}
	if parts[1] != b.id {
		return nil, ErrWrongKey
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) < b.aead.NonceSize() {
		return nil, errors.New("sealed value is damaged")
	}
	n := b.aead.NonceSize()
	return b.aead.Open(nil, raw[:n], raw[n:], []byte(purpose))
}

// ParseKey reads a key written as base64 or hex.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if k, err := base64.StdEncoding.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	if k, err := hex.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	return nil, fmt.Errorf("密钥应为 %d 字节的 base64 或十六进制文本", KeySize)
}

// NewKey returns a random key as base64 text.
func NewKey() string {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(k)
}

// LoadOrCreateFile reads the key in path, creating the file (mode 0600) with a new key when it
// does not exist; created reports which happened.
func LoadOrCreateFile(path string) (key []byte, created bool, err error) {
	k, err := LoadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		k, err = CreateFile(path)
		return k, err == nil, err
	}
	return k, false, err
}

// LoadFile reads the key in path; a missing file is an error satisfying
// errors.Is(err, os.ErrNotExist).
func LoadFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseKey(string(b))
}

// CreateFile writes a new random key to path (mode 0600, its directory 0700), refusing to
// overwrite an existing file, and returns the key.
func CreateFile(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	text := NewKey()
	if _, err := f.WriteString(text + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return ParseKey(text)
}
