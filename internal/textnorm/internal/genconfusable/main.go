// Command genconfusable writes confusable.txt: pairs of commonly used characters whose glyphs
// look alike, measured rather than listed by hand. Every character of GB 2312 level 1 (the
// 3,755 most common, decoded by ICU's uconv) is drawn in Noto Sans CJK SC on a 32×32 canvas in
// headless Chromium; two characters of about the same amount of ink whose inked pixels overlap
// with an intersection-over-union of at least minIoU are a pair. Run from internal/textnorm:
//
//	go run ./internal/genconfusable > confusable.txt
//
// It needs Debian's chromium, fonts-noto-cjk and icu-devtools.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// minIoU is the overlap from which two glyphs are confusable. At 0.80 the pairs are the ones
// OCR is known to mix up (王玉, 士土, 己巳, 口曰, 大犬, 戍戌, 免兔, 木术 …) and characters that
// differ by one radical stroke (推椎, 撼憾); below it unrelated shapes start to appear.
const minIoU = 0.80

const page = `<!doctype html><meta charset="utf-8"><body><pre id="out"></pre><script>
const chars = [...%s];
const N = 32, W = N*N/32;
const cv = document.createElement('canvas'); cv.width = N; cv.height = N;
const g = cv.getContext('2d', {willReadFrequently: true});
g.font = "28px 'Noto Sans CJK SC'"; g.textBaseline = 'middle'; g.textAlign = 'center';
const bits = new Uint32Array(chars.length * W), ink = new Int32Array(chars.length);
chars.forEach((c, i) => {
  g.clearRect(0, 0, N, N); g.fillText(c, N/2, N/2 + 1);
  const d = g.getImageData(0, 0, N, N).data;
  for (let p = 0; p < N*N; p++) if (d[p*4+3] > 110) { bits[i*W + (p>>5)] |= 1 << (p&31); ink[i]++; }
});
function pop(x) { x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); return (((x + (x >>> 4)) & 0x0F0F0F0F) * 0x01010101) >>> 24; }
const out = [];
for (let i = 0; i < chars.length; i++) for (let j = i+1; j < chars.length; j++) {
  const a = ink[i], b = ink[j];
  if (Math.min(a,b) < 0.8*Math.max(a,b)) continue;
  let both = 0;
  for (let w = 0; w < W; w++) both += pop(bits[i*W+w] & bits[j*W+w]);
  const iou = both / (a + b - both);
  if (iou >= %.2f) out.push(chars[i] + chars[j] + ' ' + iou.toFixed(3));
}
document.getElementById('out').textContent = out.join('\n');
</script>`

func main() {
	var gb []byte
	for hi := 0xB0; hi <= 0xD7; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			if hi == 0xD7 && lo > 0xF9 {
				break
			}
			gb = append(gb, byte(hi), byte(lo))
		}
	}
	cmd := exec.Command("uconv", "-f", "gb2312", "-t", "utf-8")
	cmd.Stdin = bytes.NewReader(gb)
	chars, err := cmd.Output()
	if err != nil {
		fail("uconv (apt-get install icu-devtools): %v", err)
	}
	js, _ := json.Marshal(string(chars))
	dir, err := os.MkdirTemp("", "genconfusable")
	if err != nil {
		fail("%v", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "glyphs.html")
	if err := os.WriteFile(file, []byte(fmt.Sprintf(page, js, minIoU)), 0o600); err != nil {
		fail("%v", err)
	}
	out, err := exec.Command("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
		"--virtual-time-budget=600000", "--user-data-dir="+dir, "file://"+file).Output()
	if err != nil {
		fail("chromium: %v", err)
	}
	dom := string(out)
	start := strings.Index(dom, `<pre id="out">`)
	end := strings.Index(dom, `</pre>`)
	if start < 0 || end < start {
		fail("no result in the page")
	}
	fmt.Printf("# Visually confusable pairs among GB 2312 level 1 characters, measured by genconfusable:\n")
	fmt.Printf("# glyphs of Noto Sans CJK SC on a 32x32 canvas, inked-pixel IoU >= %.2f. Do not edit.\n", minIoU)
	fmt.Print(html.UnescapeString(dom[start+len(`<pre id="out">`):end]), "\n")
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "genconfusable: "+format+"\n", args...)
	os.Exit(1)
}
