package app_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"custos/internal/testkit"
)

// custos import roster: an office's roster by the command line, within the commission named;
// the refused rows land beside the file with their reasons.
func TestImportRosterCLI(t *testing.T) {
	url := testkit.URL(t)
	mustRun(t, url, "", "demo")
	book, bad := testkit.OfficeRoster(t, 300, []string{"贵阳市南明区纪委监委", "中共贵阳市云岩区纪律检查委员会", "花溪区纪委"})
	dir := t.TempDir()
	file := filepath.Join(dir, "名册.xlsx")
	if err := os.WriteFile(file, book.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out := run(t, url, "", "import", "roster", file, "--commission", "5201", "--mode", "rows")
	if code != 1 || !strings.Contains(out, fmt.Sprintf("新登记 %d 人", 300-len(bad))) || !strings.Contains(out, "新建部门") ||
		!strings.Contains(out, fmt.Sprintf("%d 行未导入", len(bad))) {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
	x, err := excelize.OpenFile(filepath.Join(dir, "名册.未导入.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("干部名册")
	if len(rows) != len(bad)+1 || rows[0][len(rows[0])-1] != "错误原因" {
		t.Fatalf("refused rows: %d", len(rows))
	}
	// again: nothing new, nothing changed
	if _, out = run(t, url, "", "import", "roster", file, "--commission", "5201", "--mode", "rows"); !strings.Contains(out, fmt.Sprintf("新登记 0 人，更新 0 人，%d 人无变化", 300-len(bad))) {
		t.Fatalf("re-import:\n%s", out)
	}
	// a county's import cannot place anyone in a sibling county
	code, out = run(t, url, "", "import", "roster", file, "--commission", "520102")
	if code != 1 || !strings.Contains(out, "按整体导入方式，本次未导入任何数据") || !strings.Contains(out, "不在您的管理范围内") {
		t.Fatalf("county import: exit %d\n%s", code, out[:min(len(out), 2000)])
	}
	if code, out := run(t, url, "", "import", "cases", file, "--commission", "5201"); code != 1 || !strings.Contains(out, "暂不支持") {
		t.Errorf("unknown kind: %d %s", code, out)
	}
}
