package app

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"unicode/utf8"

	"custos/internal/dedup"
)

// reports runs `custos reports similar FILE.jsonl [--threshold T]`: it reads JSON Lines
// {"id": …, "text": "…"} (FILE "-" for standard input) and writes one JSON Lines record
// {"a": id, "b": id, "score": s} for every pair judged the same report re-submitted, a being
// the earlier line, at the setting the registration page uses. It needs no database.
func (c *cli) reports(args []string) error {
	if len(args) == 0 || args[0] != "similar" {
		return errors.New("用法：custos reports similar FILE.jsonl [--threshold 0.5]")
	}
	fs := c.flags("reports similar")
	threshold := fs.Float64("threshold", dedup.DefaultThreshold, "判定为重复件的内容重合度下限（0–1）")
	if err := fs.Parse(reorder(args[1:])); err != nil {
		return err
	}
	if fs.NArg() != 1 || *threshold <= 0 || *threshold > 1 {
		return errors.New("用法：custos reports similar FILE.jsonl [--threshold 0.5]")
	}
	in := c.stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("无法打开 %s: %w", name, err)
		}
		defer f.Close()
		in = f
	}
	ids, texts, err := readReportLines(in)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(c.out)
	enc := json.NewEncoder(w)
	for _, p := range dedup.New().Pairs(texts, *threshold) {
		score, _ := strconv.ParseFloat(strconv.FormatFloat(p.Score, 'f', 4, 64), 64)
		if err := enc.Encode(struct {
			A     json.RawMessage `json:"a"`
			B     json.RawMessage `json:"b"`
			Score float64         `json:"score"`
		}{ids[p.A], ids[p.B], score}); err != nil {
			return err
		}
	}
	return w.Flush()
}

// readReportLines reads {"id","text"} lines; the ids are kept as written (number or string).
// A bad line — not JSON, without id or text, not valid UTF-8, longer than 64 MiB — stops the
// run with its number.
func readReportLines(r io.Reader) ([]json.RawMessage, []string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var ids []json.RawMessage
	var texts []string
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		if !utf8.Valid(b) {
			return nil, nil, fmt.Errorf("第 %d 行含有无效的 UTF-8 字符：请将文件转换为 UTF-8 编码后重试", line)
		}
		var rec struct {
			ID   json.RawMessage `json:"id"`
			Text *string         `json:"text"`
		}
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, nil, fmt.Errorf("第 %d 行不是有效的 JSON：%v", line, err)
		}
		if len(rec.ID) == 0 || rec.Text == nil {
			return nil, nil, fmt.Errorf("第 %d 行缺少 id 或 text", line)
		}
		ids = append(ids, append(json.RawMessage(nil), rec.ID...))
		texts = append(texts, *rec.Text)
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return nil, nil, fmt.Errorf("第 %d 行超过 64 MB", line+1)
	}
	return ids, texts, sc.Err()
}

// reorder moves flags before the positional arguments, so `similar FILE --threshold 0.5`
// works as well as `similar --threshold 0.5 FILE`.
func reorder(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case len(a) > 1 && a[0] == '-' && a != "-":
			flags = append(flags, a)
			if i+1 < len(args) && !containsEq(a) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			rest = append(rest, a)
		}
	}
	return append(flags, rest...)
}

func containsEq(s string) bool {
	for _, c := range s {
		if c == '=' {
			return true
		}
	}
	return false
}
