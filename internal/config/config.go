// Package config reads the platform's settings from environment variables (CUSTOS_*), which
// command-line flags may override. A secret may come from a file named by the variable with
// a _FILE suffix (CUSTOS_DATABASE_URL_FILE), so it need not sit in the environment.
package config

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is every setting, validated by Load.
type Config struct {
	DatabaseURL  string // "" → ./data/custos.db; a path or sqlite:PATH; postgres://…
	Addr         string // listen address, default 127.0.0.1:8080
	AuditHash    string // sha256 (default) or sm3
	SecureCookie bool   // set the session cookie's Secure flag (behind TLS)
	LogLevel     string // debug, info (default), warn, error
	MinCSOStaff  int    // O2: designated staff a county needs without an independent office (2)
	ArrivalTalk  int    // D1: 到岗谈 due this many working days after an appointment (20)
	ArchiveYears int    // A1: archives cover cadres who left within this many years (3)
	ContactYears int    // O6: a supervision contact this many years old is due for rotation (3)
	// I1: nobody inspects a unit where he served within this many years (3)
	InspectServedYears int
	// SecretKey seals reporters' identities and attachments (base64 or hex of 32 bytes), from
	// CUSTOS_SECRET_KEY.
	SecretKey string
	// SecretKeyFile is the file holding it instead, CUSTOS_SECRET_KEY_FILE made absolute (read
	// at start). Neither set: on SQLite the file custos.key beside the database; PostgreSQL
	// refuses to start without one.
	SecretKeyFile string
	// Synchronous is SQLite's synchronous setting, CUSTOS_SQLITE_SYNCHRONOUS: FULL (default; a
	// committed transaction survives a power cut) or NORMAL (faster; may lose the last commits).
	Synchronous string
	// CheckpointKeyFile is the Ed25519 private key (PEM) audit checkpoints are signed with,
	// CUSTOS_CHECKPOINT_KEY_FILE; it lives outside the database (custos audit keygen makes one).
	CheckpointKeyFile string
	// CheckpointDir, CUSTOS_CHECKPOINT_DIR: the server writes a signed checkpoint there every
	// day (needs CheckpointKeyFile); empty: no automatic checkpoints.
	CheckpointDir string
	// CaseDocuments is the case-document set (一案三书): document kinds every case has issued
	// before it is archived, from CUSTOS_CASE_DOCUMENTS (comma-separated); empty: the default set.
	CaseDocuments []string
	// InvestigationDays: an investigation past this many days shows as overdue (90, unconfirmed).
	InvestigationDays int
	// ImportMaxMB and ImportMaxRows bound an uploaded workbook (CUSTOS_IMPORT_MAX_MB, 20;
	// CUSTOS_IMPORT_MAX_ROWS, 200,000 data rows a sheet).
	ImportMaxMB, ImportMaxRows int
	// DisposalChain is the approval chain of a clue disposal, role ids in order, from
	// CUSTOS_DISPOSAL_CHAIN (e.g. deputy_in_charge,principal); empty: one approval.
	DisposalChain []string
	// TrustedProxies are the reverse proxies (CIDRs or addresses) whose X-Forwarded-For gives
	// the client's address, from CUSTOS_TRUSTED_PROXIES (comma-separated); empty: none, the
	// client is the TCP peer.
	TrustedProxies []netip.Prefix
	// LoginSlots is how many password checks run at once, from CUSTOS_LOGIN_CONCURRENCY; 0:
	// sized from the CPUs and the memory limit (auth.LoginSlots).
	LoginSlots int
}

// Load reads the environment through getenv (os.Getenv in production).
func Load(getenv func(string) string) (Config, error) {
	c := Config{Addr: "127.0.0.1:8080", AuditHash: "sha256", LogLevel: "info", MinCSOStaff: 2, ArrivalTalk: 20, ArchiveYears: 3, ContactYears: 3, InspectServedYears: 3, InvestigationDays: 90,
		ImportMaxMB: 20, ImportMaxRows: 200_000}
	var err error
	if c.DatabaseURL, err = secret(getenv, "CUSTOS_DATABASE_URL"); err != nil {
		return c, err
	}
	// the key file is read when the database is open: a missing key is refused naming the key
	// the database expects (app), not here
	c.SecretKey = getenv("CUSTOS_SECRET_KEY")
	if f := getenv("CUSTOS_SECRET_KEY_FILE"); f != "" && c.SecretKey == "" {
		if c.SecretKeyFile, err = filepath.Abs(f); err != nil {
			return c, fmt.Errorf("CUSTOS_SECRET_KEY_FILE: %w", err)
		}
	}
	c.Synchronous = strings.ToUpper(getenv("CUSTOS_SQLITE_SYNCHRONOUS"))
	if c.Synchronous == "" {
		c.Synchronous = "FULL"
	}
	c.CheckpointKeyFile = getenv("CUSTOS_CHECKPOINT_KEY_FILE")
	c.CheckpointDir = getenv("CUSTOS_CHECKPOINT_DIR")
	if v := getenv("CUSTOS_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("CUSTOS_AUDIT_HASH"); v != "" {
		c.AuditHash = strings.ToLower(v)
	}
	if v := getenv("CUSTOS_SECURE_COOKIE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("CUSTOS_SECURE_COOKIE=%q: 应为 true 或 false", v)
		}
		c.SecureCookie = b
	}
	if v := getenv("CUSTOS_LOG_LEVEL"); v != "" {
		c.LogLevel = v
	}
	for name, dst := range map[string]*int{"CUSTOS_MIN_CSO_STAFF": &c.MinCSOStaff, "CUSTOS_ARRIVAL_TALK_DAYS": &c.ArrivalTalk,
		"CUSTOS_ARCHIVE_KEEP_YEARS": &c.ArchiveYears, "CUSTOS_CONTACT_MAX_YEARS": &c.ContactYears, "CUSTOS_INSPECT_SERVED_YEARS": &c.InspectServedYears, "CUSTOS_INVESTIGATION_DAYS": &c.InvestigationDays,
		"CUSTOS_IMPORT_MAX_MB": &c.ImportMaxMB, "CUSTOS_IMPORT_MAX_ROWS": &c.ImportMaxRows} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return c, fmt.Errorf("%s=%q: 应为正整数", name, v)
			}
			*dst = n
		}
	}
	if v := getenv("CUSTOS_DISPOSAL_CHAIN"); v != "" {
		for _, r := range strings.Split(v, ",") {
			if r = strings.TrimSpace(r); r != "" {
				c.DisposalChain = append(c.DisposalChain, r)
			}
		}
	}
	if v := getenv("CUSTOS_TRUSTED_PROXIES"); v != "" {
		if c.TrustedProxies, err = ParseProxies(v); err != nil {
			return c, fmt.Errorf("CUSTOS_TRUSTED_PROXIES: %w", err)
		}
	}
	if v := getenv("CUSTOS_LOGIN_CONCURRENCY"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 64 {
			return c, fmt.Errorf("CUSTOS_LOGIN_CONCURRENCY=%q: 应为 1–64 的整数", v)
		}
		c.LoginSlots = n
	}
	if v := getenv("CUSTOS_CASE_DOCUMENTS"); v != "" {
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k != "" {
				c.CaseDocuments = append(c.CaseDocuments, k)
			}
		}
	}
	return c, c.Validate()
}

// Validate checks the settings that can be checked without connecting anywhere.
func (c Config) Validate() error {
	if c.AuditHash != "sha256" && c.AuditHash != "sm3" {
		return fmt.Errorf("CUSTOS_AUDIT_HASH=%q: 应为 sha256 或 sm3", c.AuditHash)
	}
	switch c.Synchronous {
	case "", "FULL", "NORMAL":
	default:
		return fmt.Errorf("CUSTOS_SQLITE_SYNCHRONOUS=%q: 应为 FULL 或 NORMAL", c.Synchronous)
	}
	if c.CheckpointDir != "" && c.CheckpointKeyFile == "" {
		return fmt.Errorf("CUSTOS_CHECKPOINT_DIR 已设置，但未设置 CUSTOS_CHECKPOINT_KEY_FILE（签名检查点的私钥，可用 custos audit keygen 生成）")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("CUSTOS_LOG_LEVEL=%q: 应为 debug、info、warn 或 error", c.LogLevel)
	}
	return nil
}

// ParseProxies reads a comma-separated list of CIDRs or single addresses (10.0.0.0/24,
// 192.168.1.5).
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("%q 不是 IP 地址或 CIDR", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q 不是 IP 地址或 CIDR", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func secret(getenv func(string) string, name string) (string, error) {
	if v := getenv(name); v != "" {
		return v, nil
	}
	f := getenv(name + "_FILE")
	if f == "" {
		return "", nil
	}
	b, err := os.ReadFile(f)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}
