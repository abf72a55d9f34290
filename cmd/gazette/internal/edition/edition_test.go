package edition_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/edition"
	"gazette/cmd/gazette/internal/edition/editiontest"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/internal/golden"
)

var keep = flag.String("pdf", "", "also write the sample issue's PDF to this `file`, to look at")

func TestMain(m *testing.M) {
	api.DisableConfigDir() // pdfcpu would write a configuration into the user's home
	os.Exit(m.Run())
}

// sampleIssue is issue 2025/01 of the sample site, rendered: four documents
// in three categories, one of them long enough for several pages.
func sampleIssue(t *testing.T) edition.Issue {
	t.Helper()
	files := os.DirFS(filepath.Join("..", "..", "..", "..", "content"))
	s, err := content.Load(context.Background(), files, content.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	r := render.New()
	body := func(d *content.Document) (template.HTML, error) {
		res, err := r.Render(d.Body)
		return res.HTML, err
	}
	for _, d := range s.Documents {
		if d.Path != "gazette/2025/01/index.md" {
			continue
		}
		s.Config.Gazette.Name = "長春市人民政府公報"
		is, err := edition.IssueOf(s.Config, d, d.Summary, body, files)
		if err != nil {
			t.Fatal(err)
		}
		if len(is.Docs) != 4 {
			t.Fatalf("the sample issue has %d documents, want 4", len(is.Docs))
		}
		return is
	}
	t.Fatal("no issue 2025/01 in the sample site")
	return edition.Issue{}
}

// TestIssuePDF makes the sample issue's PDF and reads it with poppler, as
// a reader's tools would: every document's title is on the page the
// contents gives for it, in reading order; the fonts are embedded; the
// metadata, the bookmarks and the page size are those of the issue.
func TestIssuePDF(t *testing.T) {
	e := editiontest.Engine(t)
	is := sampleIssue(t)
	ed, err := e.Make(context.Background(), is)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ed.Warnings {
		t.Errorf("WeasyPrint: %s", w)
	}
	file := filepath.Join(t.TempDir(), "issue.pdf")
	if *keep != "" {
		file = *keep
		h, _ := edition.HTML(is)
		os.WriteFile(*keep+".html", h, 0o644)
	}
	if err := os.WriteFile(file, ed.PDF, 0o644); err != nil {
		t.Fatal(err)
	}

	info := run(t, "pdfinfo", file)
	for _, want := range []string{
		"Title:           " + is.Title,
		"Subject:         " + is.Summary,
		"Author:          長春市人民政府辦公廳",
		"Pages:           " + strconv.Itoa(ed.Pages),
		"Page size:       595.276 x 841.89 pts (A4)",
		"Tagged:          yes", // PDF/UA: structure for screen readers and read-aloud
	} {
		if !strings.Contains(info, want+"\n") {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}

	fonts := strings.Split(strings.TrimSpace(run(t, "pdffonts", file)), "\n")
	if len(fonts) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", strings.Join(fonts, "\n"))
	}
	for _, line := range fonts[2:] {
		f := strings.Fields(line)
		// name type encoding emb sub uni object ID: emb, sub and uni are the 3 yes/no columns before the last two.
		if n := len(f); n < 7 || f[n-5] != "yes" || f[n-4] != "yes" || f[n-3] != "yes" {
			t.Errorf("font not embedded, subset and mapped to Unicode: %s", line)
		}
	}

	// Each page's text, without the running head (「長春市人民政府公報 2025年第1期」).
	head := squash(is.Masthead + is.Label())
	pages := make([]string, ed.Pages+1)
	for p := 1; p <= ed.Pages; p++ {
		text := squash(run(t, "pdftotext", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-"))
		if p > 1 {
			if !strings.HasPrefix(text, head) {
				t.Errorf("page %d has no running head %q: %.60q", p, head, text)
			}
			text = strings.TrimPrefix(text, head)
		}
		pages[p] = text
	}
	if !strings.Contains(pages[1], squash(is.Masthead)) || !strings.Contains(pages[1], "總第301期") {
		t.Errorf("the cover lacks the masthead or the serial: %q", pages[1])
	}
	if !strings.HasPrefix(pages[2], "目錄") {
		t.Errorf("page 2 is not the contents: %q", pages[2])
	}
	last := 2
	for i, d := range is.Docs {
		p := ed.Starts[i]
		if p <= last || p > ed.Pages {
			t.Errorf("%s starts on page %d, after page %d and within %d pages", d.Title, p, last, ed.Pages)
			continue
		}
		title := squash(d.Title)
		if !strings.HasPrefix(strings.TrimPrefix(pages[p], squash(d.Category)), title) {
			t.Errorf("page %d does not open with %s: %.80q", p, d.Title, pages[p])
		}
		// The contents give the same page: the entry, its 文號, the leader, the page.
		entry := title + squash(bracket(d.DocNumber)) + strconv.Itoa(p)
		if !strings.Contains(strings.ReplaceAll(pages[2], ".", ""), entry) {
			t.Errorf("the contents do not give page %d for %s:\n%s", p, d.Title, pages[2])
		}
		last = p
	}

	// Reading order: the whole text has the documents in contents order,
	// each whole (its last paragraph before the next title).
	all := squash(run(t, "pdftotext", file, "-"))
	at := strings.Index(all, "目錄")
	for i, d := range is.Docs {
		j := strings.Index(all[at:], squash(d.Title))
		if j < 0 {
			t.Errorf("document %d, %s, not found after the one before it", i+1, d.Title)
			continue
		}
		at += j + 1
	}

	// The same issue gives the same file: a cached PDF is the one a build would make.
	again, err := e.Make(context.Background(), is)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.PDF, ed.PDF) {
		t.Error("the same issue gave two different PDFs")
	}

	checkContentsGolden(t, file)
	checkBookmarks(t, file, is, ed)
	checkCover(t, file)
	checkPrint(t, file, is, ed, pages)
}

// checkPrint reads the PDF as the printed gazette is read: the cover lists
// the issue's documents (本期要目); every full line of text reaches the
// right edge of the type area (justified between characters); a title is
// cut where it breaks by sense; a CSV attachment follows its document as a
// table, its file name nowhere in the text; the last page is the colophon.
func checkPrint(t *testing.T, file string, is edition.Issue, ed *edition.Edition, pages []string) {
	t.Helper()
	if !strings.Contains(pages[1], "本期要目") {
		t.Errorf("the cover has no 本期要目: %q", pages[1])
	}
	for _, d := range is.Docs {
		if !strings.Contains(pages[1], squash(d.Title)) {
			t.Errorf("the cover's 要目 lacks %s", d.Title)
		}
	}
	checkGolden(t, "cover.golden", layout(t, file, 1))

	// Justified: every full line of text ends at the type area's right edge
	// (26 mm from a right-hand page's edge, 28 mm from a left-hand one's).
	// poppler reads each line alone, so a paragraph's last line cannot be
	// told from the others: a line that ends less than a character short of
	// the edge is a ragged full line, unless it is a paragraph's last that
	// happens to be nearly full, which few are.
	justified, ragged := 0, 0
	for p := 3; p <= ed.Pages; p++ {
		edge := 595.276 - 26/25.4*72
		if p%2 == 0 {
			edge = 595.276 - 28/25.4*72
		}
		for _, b := range blocks(t, file, p) {
			for _, l := range b {
				switch {
				case l.xMax > edge-1 && l.xMax < edge+1:
					justified++
				case l.xMax > edge-16 && l.xMax-l.xMin > 300:
					ragged++
					if ragged <= 3 {
						t.Logf("page %d: a line ends at %.1f pt, short of the edge at %.1f: %s", p, l.xMax, edge, l.text)
					}
				}
			}
		}
	}
	if justified < 50 || ragged*10 > justified {
		t.Errorf("%d lines of text end at the right edge and %d just short of it: the text is not justified", justified, ragged)
	}

	heating := 1 // the second document: its title cut where it breaks by sense
	title := strings.Fields(layout(t, file, ed.Starts[heating]))
	if !slices.Contains(title, "長春市人民政府辦公廳") || !slices.Contains(title, "關於做好2024—2025年度供熱期") {
		t.Errorf("%s is not cut by sense:\n%s", is.Docs[heating].Title, layout(t, file, ed.Starts[heating]))
	}
	annex := ""
	for p := ed.Starts[heating]; p < ed.Starts[heating+1]; p++ {
		if l := layout(t, file, p); strings.Contains(l, "一覽表") && strings.Contains(l, "服務熱線") {
			annex = l
		}
	}
	if !regexp.MustCompile(`序號\s+轄區\s+受理單位\s+服務熱線\s+受理時間\s+備註`).MatchString(annex) || !strings.Contains(annex, "0431-88751236") {
		t.Errorf("the heating notice's CSV attachment is not printed as a table after it:\n%s", annex)
	}
	if all := run(t, "pdftotext", file, "-"); strings.Contains(all, ".csv") {
		t.Error("a file name is printed in the text")
	}
	last := pages[ed.Pages]
	for _, want := range []string{"編輯出版：" + squash(is.Office), "出版日期：2025年1月20日", is.URL, "本刊電子版與紙質版內容、格式一致"} {
		if !strings.Contains(last, squash(want)) {
			t.Errorf("the last page, the colophon, lacks %q: %q", want, last)
		}
	}
}

// line is one line of text on a page, as poppler reads it.
type line struct {
	xMin, xMax float64
	text       string
}

var (
	blockTag = regexp.MustCompile(`(?s)<block[^>]*>(.*?)</block>`)
	lineTag  = regexp.MustCompile(`(?s)<line xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)"[^>]*>(.*?)</line>`)
	wordText = regexp.MustCompile(`>([^<]*)</word>`)
)

// blocks reads the paragraphs of page p with their lines' extents
// (pdftotext -bbox-layout).
func blocks(t *testing.T, file string, p int) [][]line {
	t.Helper()
	out := run(t, "pdftotext", "-bbox-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-")
	var bs [][]line
	for _, b := range blockTag.FindAllStringSubmatch(out, -1) {
		var ls []line
		for _, m := range lineTag.FindAllStringSubmatch(b[1], -1) {
			x0, _ := strconv.ParseFloat(m[1], 64)
			x1, _ := strconv.ParseFloat(m[2], 64)
			var text strings.Builder
			for _, w := range wordText.FindAllStringSubmatch(m[3], -1) {
				text.WriteString(w[1])
			}
			ls = append(ls, line{x0, x1, text.String()})
		}
		bs = append(bs, ls)
	}
	return bs
}

// layout is page p's text as pdftotext -layout sets it, without blank
// lines or the space before lines.
func layout(t *testing.T, file string, p int) string {
	t.Helper()
	got := run(t, "pdftotext", "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-")
	var lines []string
	for _, l := range strings.Split(got, "\n") {
		l = leaders.ReplaceAllString(strings.TrimRight(l, " \f"), " … ")
		if strings.TrimSpace(l) != "" {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), []byte(got))
}

// checkContentsGolden compares the contents page, as pdftotext lays it
// out, with testdata/contents.golden.
func checkContentsGolden(t *testing.T, file string) {
	t.Helper()
	checkGolden(t, "contents.golden", layout(t, file, 2))
}

var leaders = regexp.MustCompile(`[ .]*\.{3,}[ .]*`)

// checkBookmarks reads the PDF's outline: 目錄, then each category with
// its documents under it, each at its page.
func checkBookmarks(t *testing.T, file string, is edition.Issue, ed *edition.Edition) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bms, err := api.Bookmarks(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range bms {
		got = append(got, fmt.Sprintf("%s p%d", b.Title, b.PageFrom))
		for _, k := range b.Kids {
			got = append(got, fmt.Sprintf("  %s p%d", k.Title, k.PageFrom))
		}
	}
	want := []string{"目　　錄 p2"}
	cat := ""
	for i, d := range is.Docs {
		if d.Category != cat {
			cat = d.Category
			want = append(want, fmt.Sprintf("%s p%d", cat, ed.Starts[i]))
		}
		want = append(want, fmt.Sprintf("  %s p%d", d.Title, ed.Starts[i]))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("bookmarks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkCover renders the cover and looks for the red masthead in its upper
// third.
func checkCover(t *testing.T, file string) {
	t.Helper()
	out := run(t, "pdftoppm", "-f", "1", "-l", "1", "-r", "30", "-png", file)
	img, err := png.Decode(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	red := 0
	for y := b.Min.Y; y < b.Min.Y+b.Dy()/3; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r > 0xb000 && g < 0x6000 && bl < 0x6000 {
				red++
			}
		}
	}
	if red < 50 {
		t.Errorf("the cover's upper third has %d red pixels at 30 dpi: no red masthead", red)
	}
}

func run(t *testing.T, tool string, args ...string) string {
	t.Helper()
	cmd := exec.Command(editiontest.Tool(t, tool), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// squash drops the white space pdftotext puts where lines break.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func bracket(s string) string {
	if s == "" {
		return ""
	}
	return "（" + s + "）"
}

// TestNothingFetched: a URL in a document's body cannot make the build
// reach the network while the PDF is made; the image is left out and the
// text stays.
func TestNothingFetched(t *testing.T) {
	e := editiontest.Engine(t)
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	is := edition.Issue{Masthead: "測試公報", Office: "測試辦公廳", Title: "測試公報 2025年第1期", Lang: "zh-Hant",
		URL: srv.URL + "/gazette/2025/01/", Year: 2025, Number: 1, Serial: 1, Date: time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC),
		Docs: []edition.Doc{{Title: "附圖的通知", Lang: "zh-Hant",
			Body: template.HTML(`<p>見下圖。<img src="` + srv.URL + `/a.png" alt="示意圖"><img src="chart.png" alt="相對"></p>`)}}}
	ed, err := e.Make(context.Background(), is)
	if err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("making the PDF sent %d requests", n)
	}
	if ed.Pages != 4 || ed.Starts[0] != 3 {
		t.Errorf("%d pages, the document on page %d; want 4 (cover, contents, the document, the colophon) and 3", ed.Pages, ed.Starts[0])
	}
}

// TestKnownEngine: WeasyPrint's answer is kept with the files it depends
// on and used while none of them changed, without starting Python; a
// changed file means asking again.
func TestKnownEngine(t *testing.T) {
	editiontest.Engine(t) // skip (or fail under CI) without WeasyPrint
	known := filepath.Join(t.TempDir(), "weasyprint.json")
	e, err := edition.Start(context.Background(), known)
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	fresh := e.Version()
	if e, err = edition.Start(context.Background(), known); err != nil || e.Version() != fresh {
		t.Fatalf("the kept answer reads back as %s, want %s (%v): every PDF's key would change once", e.Version(), fresh, err)
	}
	var kept map[string]any
	data, err := os.ReadFile(known)
	if err != nil || json.Unmarshal(data, &kept) != nil {
		t.Fatalf("nothing kept in %s: %v", known, err)
	}
	files, _ := kept["Files"].([]any)
	if len(files) < 5 {
		t.Fatalf("the kept answer depends on %d files; want WeasyPrint, its libraries and the fonts", len(files))
	}
	// A kept answer is taken as it is: Python would not say this.
	kept["Version"] = map[string]string{"weasyprint": "kept"}
	write := func() {
		b, _ := json.Marshal(kept)
		if err := os.WriteFile(known, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write()
	if e, err = edition.Start(context.Background(), known); err != nil || e.Version() != `{"weasyprint":"kept"}` {
		t.Fatalf("with its files unchanged, the kept answer was not used: %v, %s", err, e.Version())
	}
	// One file that changed (here: whose recorded time is not its own) means asking again.
	files[0].(map[string]any)["Mtime"] = 1
	write()
	if e, err = edition.Start(context.Background(), known); err != nil || strings.Contains(e.Version(), "kept") {
		t.Fatalf("after a change WeasyPrint was not asked again: %v, %s", err, e.Version())
	}
}

// TestPunctuationCompressed: of two punctuation marks side by side the PDF
// sets one half-width, as print does (「。」」, 「》，」): a line with two such
// pairs is one character narrower than a line of as many characters
// without, read back with poppler.
func TestPunctuationCompressed(t *testing.T) {
	e := editiontest.Engine(t)
	is := edition.Issue{Masthead: "測試公報", Office: "測試辦公廳", Title: "測試公報 2025年第1期", Lang: "zh-Hant",
		URL: "https://example.org/gazette/2025/01/", Year: 2025, Number: 1, Serial: 1, Date: time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC),
		Docs: []edition.Doc{{Title: "標點的通知", Lang: "zh-Hant",
			Body: template.HTML(`<p>一二三四五六七八九十甲乙丙丁戊己</p><p>一二「三四」，七八《九十》，丙丁</p>`)}}}
	ed, err := e.Make(context.Background(), is)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "issue.pdf")
	if err := os.WriteFile(file, ed.PDF, 0o644); err != nil {
		t.Fatal(err)
	}
	var widths []float64
	for _, b := range blocks(t, file, ed.Starts[0]) {
		for _, l := range b {
			if strings.HasPrefix(l.text, "一二") {
				widths = append(widths, l.xMax-l.xMin)
			}
		}
	}
	if len(widths) != 2 {
		t.Fatalf("found %d lines of the two paragraphs", len(widths))
	}
	// 16 pt text: the second line's 」， and 》， each lose half a character.
	if d := widths[0] - widths[1]; d < 15 || d > 17 {
		t.Errorf("the line with 」， and 》， is %.1f pt narrower than one without, want 16 (two half characters)", d)
	}
}
