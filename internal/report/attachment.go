package report

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// Attachment limits: what a report may carry.
const (
	MaxAttachments     = 5
	MaxAttachmentBytes = 10 << 20 // each
	MaxAttachmentTotal = 20 << 20 // all of a report's together
)

// attachmentTypes are the kinds of file a report may carry, by extension, with the type they
// are served as. The content must match the extension as well (contentMatches).
var attachmentTypes = map[string]string{
	".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".txt": "text/plain; charset=utf-8",
	".doc": "application/msword", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls": "application/vnd.ms-excel", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ofd": "application/ofd", ".wps": "application/vnd.ms-works", ".mp3": "audio/mpeg", ".amr": "audio/amr",
}

// AttachmentInput is a file handed in with a report (evidence, a letter's scan).
type AttachmentInput struct {
	Name string
	Data []byte
}

// Attachment is a stored attachment's description; its content is sealed at rest (it may name
// the reporter) and read only through Service.Attachment, which is audited.
type Attachment struct {
	ID     int64
	Name   string
	MIME   string
	Size   int64
	SHA256 string
}

// sealedAttachment is an attachment checked and sealed before the registering transaction.
type sealedAttachment struct {
	Attachment
	sealed string
}

// checkAttachments validates the files of a report: count, size, kind and name.
func checkAttachments(in []AttachmentInput, f apperr.Fields) {
	if len(in) > MaxAttachments {
		f.Add("attachments", fmt.Sprintf("附件至多 %d 个", MaxAttachments))
		return
	}
	total := 0
	var bad []string
	for _, a := range in {
		total += len(a.Data)
		ext := strings.ToLower(path.Ext(a.Name))
		switch {
		case strings.TrimSpace(a.Name) == "" || utf8.RuneCountInString(a.Name) > 100:
			bad = append(bad, "文件名为空或超过 100 字")
		case len(a.Data) == 0:
			bad = append(bad, "“"+a.Name+"”是空文件")
		case len(a.Data) > MaxAttachmentBytes:
			bad = append(bad, fmt.Sprintf("“%s”超过 %d MB", a.Name, MaxAttachmentBytes>>20))
		case attachmentTypes[ext] == "":
			bad = append(bad, "“"+a.Name+"”的类型不能作为附件（可上传 PDF、图片、Word、Excel、文本、OFD、录音）")
		case !utf8.ValidString(a.Name) || strings.ContainsFunc(a.Name, func(r rune) bool { return r < 0x20 || r == 0x7F }):
			bad = append(bad, "有文件名含有无法识别的字符，请改名后重新选择")
		case !contentMatches(ext, a.Data):
			bad = append(bad, "“"+a.Name+"”的内容与其扩展名不符（不是"+kindName(ext)+"文件），请确认文件后重新选择")
		}
	}
	if total > MaxAttachmentTotal {
		bad = append(bad, fmt.Sprintf("附件合计超过 %d MB", MaxAttachmentTotal>>20))
	}
	if len(bad) > 0 {
		f.Add("attachments", strings.Join(bad, "；")+"。请重新选择附件")
	}
}

// sealAttachments seals checked files under purpose "attachment".
func (s *Service) sealAttachments(in []AttachmentInput) []sealedAttachment {
	out := make([]sealedAttachment, 0, len(in))
	for _, a := range in {
		sum := sha256.Sum256(a.Data)
		out = append(out, sealedAttachment{
			Attachment: Attachment{Name: path.Base(strings.ReplaceAll(a.Name, "\\", "/")), MIME: attachmentTypes[strings.ToLower(path.Ext(a.Name))],
				Size: int64(len(a.Data)), SHA256: hex.EncodeToString(sum[:])},
			sealed: s.box.Seal(a.Data, "attachment"),
		})
	}
	return out
}

// insertAttachments stores a report's sealed attachments.
func (s *Service) insertAttachments(ctx context.Context, tx *db.Tx, reportID int64, files []sealedAttachment, by string) error {
	for _, a := range files {
		if _, err := tx.Exec(ctx, `INSERT INTO report_attachments (report_id, name, mime, size, sha256, sealed, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, reportID, a.Name, a.MIME, a.Size, a.SHA256, a.sealed, by, s.now().UTC()); err != nil {
			return err
		}
	}
	return nil
}

// attachments lists a report's attachments (without content).
func (s *Service) attachments(ctx context.Context, q db.Querier, reportID int64) ([]Attachment, error) {
	rows, err := q.Query(ctx, `SELECT id, name, mime, size, sha256 FROM report_attachments WHERE report_id = ? ORDER BY id`, reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.Name, &a.MIME, &a.Size, &a.SHA256); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attachment returns one attachment of a report p may see, opened — a protected read, audited
// in the same transaction. Requires report.view.
func (s *Service) Attachment(ctx context.Context, p org.Principal, reportID, id int64) (Attachment, []byte, error) {
	if !p.Can(org.PermReportView) {
		return Attachment{}, nil, apperr.New(apperr.Forbidden, "无权查看检举控告")
	}
	var a Attachment
	var data []byte
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.get(ctx, tx, p, reportID)
		if err != nil {
			return err
		}
		var sealed string
		err = tx.QueryRow(ctx, `SELECT id, name, mime, size, sha256, sealed FROM report_attachments WHERE id = ? AND report_id = ?`, id, r.ID).
			Scan(&a.ID, &a.Name, &a.MIME, &a.Size, &a.SHA256, &sealed)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该附件")
		}
		if err != nil {
			return err
		}
		if data, err = s.box.Open(sealed, "attachment"); err != nil {
			return apperr.Wrap(err, apperr.Internal, "附件无法解密（密钥不符），请联系系统管理员")
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "report.attachment", ObjectType: "report", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: "查阅检举控告 " + r.Number + " 的附件“" + a.Name + "”", CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return a, data, err
}
