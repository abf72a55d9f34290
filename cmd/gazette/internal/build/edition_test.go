package build

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gazette/cmd/gazette/internal/edition"
	"gazette/cmd/gazette/internal/edition/editiontest"
	"gazette/templates"
)

// pdfSample copies the sample site into a temporary folder, with site.yaml
// asking for the issue PDFs, and gives the options to build it.
func pdfSample(t *testing.T) (src string, opt Options) {
	t.Helper()
	src = t.TempDir()
	if err := os.CopyFS(src, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	yaml := filepath.Join(src, "site.yaml")
	data, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	asks := bytes.Replace(data, []byte("  # pdf: true"), []byte("  pdf: true"), 1)
	if bytes.Equal(asks, data) {
		t.Fatal("the sample site.yaml has no line '  # pdf: true' to turn on")
	}
	if err := os.WriteFile(yaml, asks, 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	return src, Options{Content: os.DirFS(src), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
}

// TestIssuePDFs builds the sample site with its issue PDFs: each is
// published beside its issue, the issue index and the issue page give its
// size and pages, every document links to the page of the PDF it starts on
// (where a reader finds its title), and a rebuild after an edit makes only
// the edited issue's PDF again, linking the others from the cache.
func TestIssuePDFs(t *testing.T) {
	editiontest.Engine(t) // skip (or fail under CI) without WeasyPrint
	pdftotext := editiontest.Tool(t, "pdftotext")
	pdfinfo := editiontest.Tool(t, "pdfinfo")
	src, opt := pdfSample(t)
	ctx := context.Background()

	sum, err := Run(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Editions != (Editions{PDFs: 4, Made: 4}) || !strings.Contains(sum.String(), "4 issue PDFs (4 made)") {
		t.Fatalf("first build: %+v, %s; want 4 PDFs made", sum.Editions, sum)
	}
	first := real(t, opt.Public)
	name := "長春市人民政府公報-2025年第1期.pdf"
	pdf := filepath.Join(first, "gazette", "2025", "01", name)
	info, err := os.Stat(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("the issue PDF is %v: nginx as another user than the build could not read it", info.Mode().Perm())
	}

	var index map[string][]struct {
		Issue    int
		PDF      *string
		PDFBytes *int64 `json:"pdf_bytes"`
		Pages    *int
	}
	data, err := os.ReadFile(filepath.Join(first, "gazette", "issues.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &index); err != nil {
		t.Fatal(err)
	}
	if len(index["2025"]) != 3 {
		t.Fatalf("issues.json lists %d issues of 2025, want 3:\n%s", len(index["2025"]), data)
	}
	e := index["2025"][0]
	out, err := exec.Command(pdfinfo, pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := regexp.MustCompile(`(?m)^Pages: +([0-9]+)$`).FindSubmatch(out)
	if e.Issue != 1 || e.PDF == nil || !strings.HasSuffix(*e.PDF, "/gazette/2025/01/%E9%95%B7%E6%98%A5%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C%E5%85%AC%E5%A0%B1-2025%E5%B9%B4%E7%AC%AC1%E6%9C%9F.pdf") ||
		*e.PDFBytes != info.Size() || pages == nil || strconv.Itoa(*e.Pages) != string(pages[1]) {
		t.Errorf("issues.json gives 2025/01 %+v; the PDF has %d bytes and pdfinfo says %s", e, info.Size(), out)
	}
	issuePage, err := os.ReadFile(filepath.Join(first, "gazette", "2025", "01", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "（PDF，" + string(pages[1]) + "頁，"; !strings.Contains(string(issuePage), want) {
		t.Errorf("the issue page lacks %q", want)
	}
	// The issue page shows the PDF's cover, drawn from its first page.
	cover := filepath.Join(first, "gazette", "2025", "01", strings.TrimSuffix(name, ".pdf")+".png")
	if !strings.Contains(string(issuePage), `<img src="/gazette/2025/01/`+url.PathEscape(strings.TrimSuffix(name, ".pdf"))+`.png"`) {
		t.Errorf("the issue page shows no cover")
	}
	coverInfo, err := os.Stat(cover)
	if err != nil {
		t.Fatal(err)
	}
	checkCoverImage(t, cover)

	// Every document of the issue: its page links into the PDF at a page
	// on which pdftotext finds its title.
	docs, _ := filepath.Glob(filepath.Join(first, "gazette", "2025", "01", "*", "index.html"))
	if len(docs) != 4 {
		t.Fatalf("%d document pages in issue 2025/01, want 4", len(docs))
	}
	link := regexp.MustCompile(`\.pdf#page=([0-9]+)"`)
	title := regexp.MustCompile(`<h1>([^<]+)</h1>`)
	for _, p := range docs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m, tm := link.FindSubmatch(b), title.FindSubmatch(b)
		if m == nil || tm == nil {
			t.Errorf("%s has no link into the issue PDF", p)
			continue
		}
		text, err := exec.Command(pdftotext, "-f", string(m[1]), "-l", string(m[1]), pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(string(text)), ""), string(tm[1])) {
			t.Errorf("page %s of the PDF lacks %s", m[1], tm[1])
		}
	}

	// An edit in issue 2025/02 makes its PDF again, and only its.
	doc := filepath.Join(src, "gazette", "2025", "02", "2025-office-doc-7-emergency-plan.md")
	body, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(doc, append(body, "\n補充：應急值守電話24小時暢通。\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum, err = Run(ctx, opt); err != nil {
		t.Fatal(err)
	}
	if sum.Editions != (Editions{PDFs: 4, Made: 1}) {
		t.Errorf("after an edit in one issue: %+v, want 4 PDFs of which 1 made", sum.Editions)
	}
	second := real(t, opt.Public)
	again, err := os.Stat(filepath.Join(second, "gazette", "2025", "01", name))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(info, again) {
		t.Error("the unchanged issue's PDF was written again, not linked from the cache")
	}
	if again, err := os.Stat(filepath.Join(second, "gazette", "2025", "01", filepath.Base(cover))); err != nil || !os.SameFile(coverInfo, again) {
		t.Errorf("the unchanged issue's cover was drawn again, not linked from the cache (%v)", err)
	}
	cached, _ := filepath.Glob(filepath.Join(filepath.Dir(opt.Public), ".gazette", "cache", "editions", "*.pdf"))
	if len(cached) != 4 {
		t.Errorf("the cache holds %d PDFs, want the live build's 4", len(cached))
	}

	// The watcher's update in place makes the edited issue's PDF again.
	w := New(opt)
	defer w.Close()
	doc = filepath.Join(src, "gazette", "2025", "03", "2025-office-doc-12-hotline-12345.md")
	if body, err = os.ReadFile(doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(doc, append(body, "\n補充：熱線全年無休。\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum, err = w.Update(ctx, []string{"gazette/2025/03/2025-office-doc-12-hotline-12345.md"}, nil); err != nil {
		t.Fatal(err)
	}
	if sum.Editions != (Editions{PDFs: 4, Made: 1}) || !slices.Contains(sum.Written, "gazette/2025/03/長春市人民政府公報-2025年第3期.pdf") {
		t.Errorf("the watcher's update after an edit in 2025/03: %+v, wrote %q", sum.Editions, sum.Written)
	}
}

// checkCoverImage reads a drawn cover: a PNG the size edition draws, the
// red masthead in its upper third.
func checkCoverImage(t *testing.T, file string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the cover: %v", err)
	}
	b := img.Bounds()
	if b.Dx() != edition.CoverWidth || b.Dy() != edition.CoverHeight {
		t.Errorf("the cover is %d×%d, want %d×%d", b.Dx(), b.Dy(), edition.CoverWidth, edition.CoverHeight)
	}
	red := 0
	for y := b.Min.Y; y < b.Min.Y+b.Dy()/3; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r > 0xb000 && g < 0x6000 && bl < 0x6000 {
				red++
			}
		}
	}
	if red < 100 {
		t.Errorf("the cover's upper third has %d red pixels: no masthead", red)
	}
}

// TestIssuePDFsNeedWeasyPrint: a site that asks for PDFs on a machine
// without WeasyPrint gets one clear error and no site; one that does not
// ask never needs it.
func TestIssuePDFsNeedWeasyPrint(t *testing.T) {
	_, opt := pdfSample(t)
	t.Setenv("PATH", t.TempDir())
	_, err := Run(context.Background(), opt)
	if !errors.Is(err, edition.ErrNoEngine) || !strings.Contains(err.Error(), "apt-get install weasyprint") {
		t.Fatalf("error = %v, want one saying to install WeasyPrint", err)
	}
	if _, err := os.Stat(opt.Public); err == nil {
		t.Error("a failed build made public/")
	}
	buildSample(t, sampleTime)
}

// TestIssuePDFsAcrossVersions builds the sample site's PDFs, then builds
// it again as a new version of gazette would: every cache keyed by the
// program is made again, but a PDF whose print is unchanged is not — the
// new build links the same files.
func TestIssuePDFsAcrossVersions(t *testing.T) {
	editiontest.Engine(t)
	_, opt := pdfSample(t)
	ctx := context.Background()
	sum, err := Run(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Editions != (Editions{PDFs: 4, Made: 4}) {
		t.Fatalf("first build: %+v, want 4 PDFs made", sum.Editions)
	}
	pdfs := func() map[string]os.FileInfo {
		files, _ := filepath.Glob(filepath.Join(real(t, opt.Public), "gazette", "*", "*", "*.pdf"))
		out := map[string]os.FileInfo{}
		for _, f := range files {
			info, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			out[strings.TrimPrefix(f, real(t, opt.Public))] = info
		}
		return out
	}
	before := pdfs()

	was := programHash
	t.Cleanup(func() { programHash = was })
	programHash = func() (string, error) { return "a later version of gazette", nil }
	if sum, err = Run(ctx, opt); err != nil {
		t.Fatal(err)
	}
	if sum.Editions != (Editions{PDFs: 4, Made: 0}) || sum.Rendered == 0 {
		t.Errorf("the new version's build: %+v, %d documents rendered; want every body rendered again and 4 PDFs, none made", sum.Editions, sum.Rendered)
	}
	after := pdfs()
	if len(after) != len(before) || len(after) != 4 {
		t.Fatalf("%d PDFs before, %d after; want 4", len(before), len(after))
	}
	for p, info := range before {
		if again, ok := after[p]; !ok || !os.SameFile(info, again) {
			t.Errorf("%s was made again, not linked from the cache", p)
		}
	}
}
