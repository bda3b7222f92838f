package report

import "testing"

func TestContentMatches(t *testing.T) {
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 64)...)
	elf := []byte("\x7fELF\x02\x01\x01\x00")
	for _, tc := range []struct {
		name string
		ext  string
		data []byte
		want bool
	}{
		{"pdf", ".pdf", []byte("%PDF-1.7\n..."), true},
		{"renamed exe as pdf", ".pdf", exe, false},
		{"renamed exe as txt", ".txt", exe, false},
		{"renamed exe as jpg", ".jpg", exe, false},
		{"renamed elf as docx", ".docx", elf, false},
		{"jpeg", ".jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, true},
		{"png", ".png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), true},
		{"png named jpg", ".jpg", []byte("\x89PNG\r\n\x1a\n\x00\x00"), false},
		{"doc", ".doc", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, true},
		{"xls", ".xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, true},
		{"docx", ".docx", []byte("PK\x03\x04\x14\x00"), true},
		{"xlsx", ".xlsx", []byte("PK\x03\x04\x14\x00"), true},
		{"ofd", ".ofd", []byte("PK\x03\x04\x14\x00"), true},
		{"docx that is text", ".docx", []byte("hello"), false},
		{"mp3 id3", ".mp3", []byte("ID3\x04\x00"), true},
		{"mp3 frame", ".mp3", []byte{0xFF, 0xFB, 0x90, 0x64}, true},
		{"amr", ".amr", []byte("#!AMR\n\x3c"), true},
		{"utf-8 text", ".txt", []byte("反映某某问题\r\n第二行\t完"), true},
		{"gb18030 text", ".txt", []byte{0xB7, 0xB4, 0xD3, 0xB3, '\r', '\n'}, true},
		{"utf-16 text", ".txt", []byte{0xFF, 0xFE, 0x4D, 0x53, 0x00, 0x00}, true},
		{"text with NUL", ".txt", []byte("abc\x00def"), false},
		{"shell script", ".txt", []byte("#!/bin/sh\nrm -rf /\n"), false},
		{"zip as txt", ".txt", []byte("PK\x03\x04"), false},
		{"unknown kind", ".exe", exe, false},
	} {
		if got := contentMatches(tc.ext, tc.data); got != tc.want {
			t.Errorf("%s: contentMatches(%s) = %v, want %v", tc.name, tc.ext, got, tc.want)
		}
	}
}
