package app

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzReadReportLines: the JSONL reader of `custos reports similar` never panics; what it
// accepts is one valid id and one valid UTF-8 text a record; what it refuses names the line.
func FuzzReadReportLines(f *testing.F) {
	for _, s := range []string{
		"{\"id\": 1, \"text\": \"反映某某收受礼金问题\"}\n{\"id\": \"b\", \"text\": \"反映某某收受禮金問題\"}\n",
		"{\"id\": 1}\n", "not json\n", "\n\n", "{\"id\": 1, \"text\": \"\xff\"}\n", "{\"id\": [1,2], \"text\": \"\\u0000\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ids, texts, err := readReportLines(bytes.NewReader(data))
		if err != nil {
			if !utf8.ValidString(err.Error()) || !bytes.Contains([]byte(err.Error()), []byte("第 ")) {
				t.Fatalf("refusal without its line: %v", err)
			}
			return
		}
		if len(ids) != len(texts) {
			t.Fatalf("%d ids, %d texts", len(ids), len(texts))
		}
		for i := range ids {
			if !json.Valid(ids[i]) || !utf8.ValidString(texts[i]) {
				t.Fatalf("record %d accepted: id %q text %q", i, ids[i], texts[i])
			}
		}
	})
}
