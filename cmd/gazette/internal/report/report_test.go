package report

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/tools/txtar"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/internal/golden"
)

var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

// fixture is testdata/archive.txtar as a content tree, with each edit
// {path, old, new} applied (old must occur in the file).
func fixture(t testing.TB, edits ...[3]string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", "archive.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	for _, e := range edits {
		f, ok := fsys[e[0]]
		if !ok || !bytes.Contains(f.Data, []byte(e[1])) {
			t.Fatalf("edit: %s has no %q", e[0], e[1])
		}
		fsys[e[0]] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(e[1]), []byte(e[2]), 1)}
	}
	return fsys
}

func load(t *testing.T, fsys fstest.MapFS) *content.Site {
	t.Helper()
	s, err := content.Load(context.Background(), fsys, content.Options{Now: now, Root: "content"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func reportDoc(t *testing.T, s *content.Site, year int) *content.Document {
	t.Helper()
	for _, d := range s.All {
		if d.Kind == content.KindReport && d.Year == year {
			return d
		}
	}
	t.Fatalf("no report for %d", year)
	return nil
}

// TestTable2 checks table 二's first rows against the answers worked out
// by hand in testdata/archive.txtar, then pins the whole computed report.
func TestTable2(t *testing.T) {
	s := load(t, fixture(t))
	r, errs := Compute(s, 2024, reportDoc(t, s, 2024), "content")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, c := range []struct {
		name string
		f    Figure
		want float64
		docs string
	}{
		{"規章 本年制發件數", r.Active.Rules.Issued, 3, "gazette/2024/01/b.md gazette/2024/01/c.md gazette/2024/02/e.md"},
		{"規章 本年廢止件數", r.Active.Rules.Repealed, 2, "gazette/2024/01/c.md gazette/2024/02/e.md"},
		{"規章 現行有效件數", r.Active.Rules.InForce, 3, "gazette/2023/01/a.md gazette/2024/01/b.md gazette/2024/01/x.md"},
		{"行政規範性文件 本年制發件數", r.Active.Normative.Issued, 2, "gazette/2024/01/n1.md gazette/2024/02/n2.md"},
		{"行政規範性文件 本年廢止件數", r.Active.Normative.Repealed, 1, "gazette/2024/02/n2.md"},
		{"行政規範性文件 現行有效件數", r.Active.Normative.InForce, 2, "gazette/2023/01/n0.md gazette/2024/01/n1.md"},
	} {
		if c.f.Source != FromArchive || c.f.Value != c.want || strings.Join(c.f.Docs, " ") != c.docs {
			t.Errorf("%s = %v from %q counting %v (%s), want %v from the archive counting %s", c.name, c.f.Value, c.f.Source, c.f.Docs, c.f.Why, c.want, c.docs)
		}
	}
	if f := r.Active.Fees; f.Source != FromData || f.Value != 1.25 {
		t.Errorf("fees = %+v, want 1.25 from the data block", f)
	}
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "archive-2024.txt"), text.Bytes())
}

// TestIssuedByDate counts 本年制發 by 發布日期: X, written in 2023 and
// published in 2024, moves into 2024.
func TestIssuedByDate(t *testing.T) {
	s := load(t, fixture(t, [3]string{"site.yaml", "issued_by: written", "issued_by: date"},
		[3]string{"reports/2024.md", "rules: {issued: 3, repealed: 2, in_force: 3}", "rules: {issued: 4}"}))
	r, errs := Compute(s, 2024, reportDoc(t, s, 2024), "content")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if f := r.Active.Rules.Issued; f.Value != 4 || strings.Join(f.Docs, " ") != "gazette/2024/01/b.md gazette/2024/01/c.md gazette/2024/01/x.md gazette/2024/02/e.md" {
		t.Errorf("規章 本年制發件數 by 發布日期 = %v %v, want 4: x, b, c, e", f.Value, f.Docs)
	}
}

// TestWrongTotals breaks one figure of the data block at a time and wants
// an error at the line of that figure, or for 一 + 二 = 三 + 四, at the row
// that closes it (四、結轉下年度繼續辦理).
func TestWrongTotals(t *testing.T) {
	for _, c := range []struct {
		name, old, new, msg string
		at                  string // where the error is, when not at new
	}{
		{"row 總計", "disclosed:               [2, 1, 0, 0, 0, 0, 3]", "disclosed:               [2, 1, 0, 0, 0, 0, 4]",
			"總計 is 4, but 自然人 and the five columns of 法人或其他組織 sum to 3", ""},
		{"（七）總計", "total:                   [6, 2, 0, 0, 0, 0, 8]", "total:                   [7, 2, 0, 0, 0, 0, 9]",
			"自然人: 7, but the rows of 三、本年度辦理結果 sum to 6", ""},
		{"一 + 二 = 三 + 四", "carried_forward:         [0, 0, 0, 0, 1, 0, 1]", "carried_forward:         [0, 0, 0, 0, 0, 0, 0]",
			"法律服務機構: 一 + 二 must equal 三（七）+ 四, but 1 + 0 = 1 and 0 + 0 = 0", ""},
		{"一 + 二 = 三 + 四 in 總計", "new:                     [5, 2, 0, 0, 1, 0, 8]", "new:                     [6, 2, 0, 0, 1, 0, 9]",
			"自然人: 一 + 二 must equal 三（七）+ 四, but 6 + 1 = 7 and 6 + 0 = 6", "carried_forward:"},
		{"行政復議 總計", "review:                  [1, 0, 0, 0, 1]", "review:                  [1, 0, 0, 0, 2]",
			"data.appeals.review (行政復議): 總計 is 2, but 結果維持, 結果糾正, 其他結果, 尚未審結 sum to 1", ""},
		{"行政訴訟 總計", "litigation_direct:       [0, 0, 0, 1, 1]", "litigation_direct:       [0, 1, 0, 1, 1]",
			"(行政訴訟 未經復議直接起訴): 總計 is 1, but 結果維持, 結果糾正, 其他結果, 尚未審結 sum to 2", ""},
		{"contradicts the archive", "rules: {issued: 3, repealed: 2, in_force: 3}", "rules: {issued: 4, repealed: 2, in_force: 3}",
			"規章 本年制發件數: the data block gives 4, but the archive counts 3 (gazette/2024/01/b.md, gazette/2024/01/c.md, gazette/2024/02/e.md)", ""},
		{"a row too short", "other:                   [0, 0, 0, 0, 0, 0, 0]", "other:                   [0, 0, 0, 0, 0, 0]",
			"want 7 numbers (自然人, 商業企業, 科研機構, 社會公益組織, 法律服務機構, 其他, 總計), got 6 numbers", ""},
		{"a negative figure", "penalties: 3", "penalties: -3", "data.active.penalties: want a whole number of at least 0", ""},
		{"an unknown row", "declined_repeated:", "declined_again:", `unknown key "declined_again"`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fixture(t, [3]string{"reports/2024.md", c.old, c.new})
			at := cmp.Or(c.at, c.new)
			data := fsys["reports/2024.md"].Data
			line := 1 + bytes.Count(data[:bytes.Index(data, []byte(at))], []byte("\n"))
			err := Check(load(t, fsys), fsys, "content")
			var list content.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Check = %v, want errors", err)
			}
			want := fmt.Sprintf("content/reports/2024.md:%d:", line)
			for _, e := range list {
				if strings.HasPrefix(e.Error(), want) && strings.Contains(e.Msg, c.msg) {
					return
				}
			}
			t.Errorf("no error %s…%s among:\n%v", want, c.msg, list)
		})
	}
	if err := Check(load(t, fixture(t)), fixture(t), "content"); err != nil {
		t.Errorf("the fixture itself: %v", err)
	}
}

// TestNotComputable: where the archive cannot answer, the figure comes from
// the data block, and a report file that does not give it is an error.
func TestNotComputable(t *testing.T) {
	// Without rules in site.yaml, 規章 come from the data block.
	s := load(t, fixture(t, [3]string{"site.yaml", "  rules: [市政府令]\n", ""}))
	r, errs := Compute(s, 2024, reportDoc(t, s, 2024), "content")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if f := r.Active.Rules.Issued; f.Source != FromData || f.Value != 3 || !strings.Contains(f.Why, "site.yaml names no category") {
		t.Errorf("規章 without report.rules = %+v, want 3 from the data block, saying why", f)
	}
	// A 規章 of 2025 without 成文日期 may have been written in 2024.
	s = load(t, fixture(t, [3]string{"gazette/2025/01/z.md", "written: 2025-01-05\n", ""}))
	r, _ = Compute(s, 2024, nil, "content")
	if f := r.Active.Rules.Issued; f.Known() || !strings.Contains(f.Why, "gazette/2025/01/z.md: no 成文日期 (written)") {
		t.Errorf("規章 本年制發件數 with an undated 2025 規章 = %+v, want not computable, naming it", f)
	}
	if f := r.Active.Rules.Repealed; !f.Known() || f.Value != 2 {
		t.Errorf("規章 本年廢止件數 = %+v, want 2 still", f)
	}
	// A 廢止 document with no date may have been repealed in the year, or not.
	s = load(t, fixture(t, [3]string{"gazette/2024/02/n2.md", "repealed_on: 2024-12-15\n", ""}))
	r, _ = Compute(s, 2024, nil, "content")
	for name, f := range map[string]Figure{"本年廢止件數": r.Active.Normative.Repealed, "現行有效件數": r.Active.Normative.InForce} {
		if f.Known() || !strings.Contains(f.Why, "gazette/2024/02/n2.md: 廢止 without a date (repealed_on)") {
			t.Errorf("行政規範性文件 %s with an undated repeal = %+v, want not computable, naming it", name, f)
		}
	}
	if f := r.Active.Normative.Issued; f.Value != 2 || f.Source != FromArchive {
		t.Errorf("行政規範性文件 本年制發件數 = %+v, want 2 still", f)
	}
	// Without any normative document, and nothing in the data block.
	fsys := fixture(t)
	for _, p := range []string{"gazette/2023/01/n0.md", "gazette/2024/01/n1.md", "gazette/2024/02/n2.md"} {
		fsys[p].Data = bytes.Replace(fsys[p].Data, []byte("normative: true\n"), nil, 1)
	}
	err := Check(load(t, fsys), fsys, "content")
	if err == nil || !strings.Contains(err.Error(), "content/reports/2024.md:5:3: 行政規範性文件 本年制發件數 is not computable from the archive (no document in the archive is marked normative: true): give it as data.active.normative.issued") {
		t.Errorf("Check without normative documents = %v", err)
	}
}

// TestSections wants the six section headings, in order.
func TestSections(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"## 三、收到和處理政府信息公開申請情況\n", "", `section "三、收到和處理政府信息公開申請情況" is missing before "四、政府信息公開行政復議、行政訴訟情況"`},
		{"## 五、存在的主要問題及改進情況", "## 五、存在的问题", `heading "五、存在的问题": a report's ## headings are its six sections`},
		{"## 六、其他需要報告的事項", "## 六、其他需要报告的事项", ""},
		{"## 五、存在的主要問題及改進情況\n\n存在的問題……\n\n## 六、其他需要報告的事項", "## 六、其他需要報告的事項\n\n## 五、存在的主要問題及改進情況\n\n存在的問題……",
			`section "五、存在的主要問題及改進情況" again, or out of order`},
	} {
		fsys := fixture(t, [3]string{"reports/2024.md", c.old, c.new})
		err := Check(load(t, fsys), fsys, "content")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q: %v", c.new, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%q: Check = %v, want %s", c.new, err, c.want)
		}
	}
}

// TestChart counts the year's documents by month and category, and escapes
// what content puts in the SVG.
func TestChart(t *testing.T) {
	s := load(t, fixture(t, [3]string{"briefings/2024/hotline.md", "category: 工作動態", `category: "<b>動態</b>&"`}))
	r, _ := Compute(s, 2024, nil, "content")
	got := map[string][12]int{}
	for i, name := range r.Chart.Series {
		got[name] = r.Chart.Counts[i]
	}
	if len(got) != 5 || got["市政府辦公廳文件"][5] != 1 || got["市政府令"][0] != 3 || got["市政府令"][5] != 1 || got["市政府文件"][0] != 1 || got["市政府文件"][5] != 1 ||
		got["政策解讀"][0] != 1 || got["<b>動態</b>&"][3] != 1 {
		t.Errorf("chart = %v", got)
	}
	svg := r.ChartSVG()
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Errorf("the chart is not well-formed XML: %v", err)
	}
	if !bytes.Contains(svg, []byte("&lt;b&gt;動態&lt;/b&gt;&amp;")) || bytes.Contains(svg, []byte("<b>")) {
		t.Errorf("a category is not escaped in the chart")
	}
	// The phone's chart: as wide as a phone shows it, every month, the
	// same escaped legend.
	narrow := r.ChartNarrowSVG()
	var root struct {
		Width int      `xml:"width,attr"`
		Texts []string `xml:"text"`
	}
	if err := xml.Unmarshal(narrow, &root); err != nil {
		t.Fatalf("the narrow chart is not well-formed XML: %v", err)
	}
	months := 0
	for _, s := range root.Texts {
		if strings.HasSuffix(s, "月") {
			months++
		}
	}
	if root.Width > 360 || months != 12 || !bytes.Contains(narrow, []byte("&lt;b&gt;動態&lt;/b&gt;&amp;")) || !bytes.Contains(narrow, []byte("font-size:13px")) {
		t.Errorf("the narrow chart is %d px wide with %d months: %.300s", root.Width, months, narrow)
	}
}

// TestLabelsScripts: every Traditional label is the official Simplified one
// in the other script (OpenCC t2s), and a zh-Hans site reports in it.
func TestLabelsScripts(t *testing.T) {
	t2s, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	var hantText, hansText bytes.Buffer
	for _, p := range []struct {
		l *Labels
		w *bytes.Buffer
	}{{hant, &hantText}, {hans, &hansText}} {
		l := p.l
		for _, s := range append(append(append(append(l.Sections[:], l.Item, l.Issued, l.Repealed, l.InForce, l.Decisions, l.Fees,
			l.Clause1, l.Clause5, l.Clause6, l.Clause8, l.Rules, l.Normative, l.Licensing, l.Penalties, l.Enforcement, l.FeesRow,
			l.Relation, l.Applicants, l.Natural, l.Legal, l.Total, l.Review, l.Litigation, l.Direct, l.AfterReview), l.Columns[:]...), l.Outcomes[:]...), l.Captions[:]...) {
			p.w.WriteString(s + "\n")
		}
		for _, r := range l.Rows {
			p.w.WriteString(r.Group + "|" + r.Sub + "|" + r.Label + "\n")
		}
	}
	got, err := t2s.Convert(hantText.String())
	if err != nil {
		t.Fatal(err)
	}
	if got != hansText.String() {
		t.Errorf("the Traditional labels are not the Simplified ones:\n%s", golden.Diff(hansText.String(), got))
	}

	s := load(t, fixture(t, [3]string{"site.yaml", "language: zh-Hant", "language: zh-Hans"}))
	r, errs := Compute(s, 2024, reportDoc(t, s, 2024), "content")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var text bytes.Buffer
	r.WriteText(&text)
	for _, want := range []string{"二、主动公开政府信息情况", "第二十条第（一）项 规章", "本年制发件数: 3", "三、本年度办理结果 （七）总计: 6 2 0 0 0 0 8"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("a zh-Hans report lacks %q", want)
		}
	}
}

// TestExpiresOn31December: expires names the last day in force, so a 規章
// that expires on 31 December is in force on that day and counts as
// repealed in the next year.
func TestExpiresOn31December(t *testing.T) {
	s := load(t, fixture(t, [3]string{"gazette/2024/02/e.md", "expires: 2024-12-01", "expires: 2024-12-31"}))
	r, _ := Compute(s, 2024, nil, "content")
	if f := r.Active.Rules.Repealed; f.Value != 1 || strings.Join(f.Docs, " ") != "gazette/2024/01/c.md" {
		t.Errorf("2024 規章 本年廢止件數 = %v %v, want 1: c only", f.Value, f.Docs)
	}
	if f := r.Active.Rules.InForce; f.Value != 4 {
		t.Errorf("2024 規章 現行有效件數 = %v %v, want 4: a, b, e and x", f.Value, f.Docs)
	}
	r, _ = Compute(s, 2025, nil, "content")
	if f := r.Active.Rules.Repealed; f.Value != 1 || strings.Join(f.Docs, " ") != "gazette/2024/02/e.md" {
		t.Errorf("2025 規章 本年廢止件數 = %v %v, want 1: e", f.Value, f.Docs)
	}
}

// TestExtraEditionOutsideNumbering: an extra edition (增刊) of the year,
// which has no serial, changes neither the count of issues nor the range
// of 總期號 that section 一 gives.
func TestExtraEditionOutsideNumbering(t *testing.T) {
	s := load(t, fixture(t))
	before, errs := Compute(s, 2024, reportDoc(t, s, 2024), "content")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	fsys := fixture(t)
	fsys["gazette/2024/z01/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 增刊\nyear: 2024\nissue: 1\nextra: true\ndate: 2024-03-01\n---\n")}
	s = load(t, fsys)
	after, errs := Compute(s, 2024, reportDoc(t, s, 2024), "content")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	b, a := before.Overview, after.Overview
	if b.Issues == 0 || a.Issues != b.Issues || a.FirstSerial != b.FirstSerial || a.LastSerial != b.LastSerial {
		t.Errorf("with an extra edition: %d issues, 總第%d–%d期; without: %d, 總第%d–%d期", a.Issues, a.FirstSerial, a.LastSerial, b.Issues, b.FirstSerial, b.LastSerial)
	}
}

// TestStackedLabels: on a phone tables 三 and 四 show each figure beside
// its column's name; where a name is in several groups (四's outcomes) the
// group says which.
func TestStackedLabels(t *testing.T) {
	s := load(t, fixture(t))
	r, _ := Compute(s, 2024, reportDoc(t, s, 2024), "content")
	tables := r.Tables()
	if len(tables) != 4 {
		t.Fatalf("%d tables, want 4 (the fixture's report has tables 三 and 四)", len(tables))
	}
	l := r.labels
	labels := func(tb Table) []string {
		var out []string
		for _, c := range tb.Bodies[0][0] {
			if !c.Header {
				out = append(out, c.Label)
			}
		}
		return out
	}
	want3 := append(append([]string{l.Natural}, l.Columns[:]...), l.Total)
	if got := labels(tables[2]); !tables[2].Stack || strings.Join(got, ",") != strings.Join(want3, ",") {
		t.Errorf("table 三's labels %q, want %q", got, want3)
	}
	got4 := labels(tables[3])
	if len(got4) != 15 || got4[0] != l.Review+"·"+l.Outcomes[0] || got4[5] != l.Direct+"·"+l.Outcomes[0] || got4[14] != l.AfterReview+"·"+l.Outcomes[4] {
		t.Errorf("table 四's labels %q", got4)
	}
	if tables[0].Stack || tables[1].Stack {
		t.Error("tables 一 or 二, narrow enough for a phone, are stacked")
	}
}
