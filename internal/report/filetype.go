package report

import "bytes"

// Attachment kinds are checked by content as well as by extension: a file's first bytes must
// be those of the kind its extension names (PDF "%PDF-", PNG and JPEG signatures, the OLE
// compound file of .doc/.xls/.wps, the ZIP container of .docx/.xlsx/.ofd, MP3 and AMR
// headers), and a text file must hold text. A renamed executable, or any file whose content is
// not what its name says, is refused.

// signatures are the leading bytes each extension's content may start with.
func signatures(ext string) [][]byte {
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zip := []byte("PK\x03\x04")
	switch ext {
	case ".pdf":
		return [][]byte{[]byte("%PDF-")}
	case ".jpg", ".jpeg":
		return [][]byte{{0xFF, 0xD8, 0xFF}}
	case ".png":
		return [][]byte{{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}}
	case ".doc", ".xls", ".wps":
		return [][]byte{ole}
	case ".docx", ".xlsx", ".ofd":
		return [][]byte{zip}
	case ".mp3":
		return [][]byte{[]byte("ID3"), {0xFF, 0xFB}, {0xFF, 0xF3}, {0xFF, 0xF2}, {0xFF, 0xFA}, {0xFF, 0xE3}, {0xFF, 0xE2}}
	case ".amr":
		return [][]byte{[]byte("#!AMR\n"), []byte("#!AMR-WB\n")}
	}
	return nil
}

// contentMatches reports whether data is what a file with extension ext (lower case, with
// the dot) must hold.
func contentMatches(ext string, data []byte) bool {
	if ext == ".txt" {
		return looksLikeText(data)
	}
	for _, sig := range signatures(ext) {
		if bytes.HasPrefix(data, sig) {
			return true
		}
	}
	return false
}

// looksLikeText reports whether data is text in any of the encodings a Chinese text file
// comes in (UTF-8, GB 18030, UTF-16 with its byte-order mark): no NUL byte outside UTF-16, no
// control character other than tab, line breaks, form feed and escape, and no executable or
// archive signature at the start.
func looksLikeText(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return true // UTF-16 with its byte-order mark
	}
	for _, sig := range [][]byte{[]byte("MZ"), []byte("\x7fELF"), []byte("PK\x03\x04"), {0xCF, 0xFA, 0xED, 0xFE}, {0xFE, 0xED, 0xFA}, []byte("#!")} {
		if bytes.HasPrefix(data, sig) {
			return false
		}
	}
	for _, b := range data {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1B || b == 0x7F {
			return false
		}
	}
	return true
}

// kindName is the Chinese name of the kind of file an extension names.
func kindName(ext string) string {
	switch ext {
	case ".pdf":
		return " PDF "
	case ".jpg", ".jpeg", ".png":
		return "图片"
	case ".doc", ".docx", ".wps":
		return " Word "
	case ".xls", ".xlsx":
		return " Excel "
	case ".ofd":
		return " OFD "
	case ".mp3", ".amr":
		return "录音"
	}
	return "文本"
}
