package build

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/site"
	"gazette/cmd/gazette/internal/zh"
	"gazette/templates"
)

// processBuild is what the test binary does as a build process: the
// options, as JSON, in GAZETTE_TEST_BUILD (see TestMain).
type processBuild struct {
	Content, Templates, Public, Index string
	Now                               time.Time
}

// buildProcess runs gazette build as a process of its own, as an editor's
// every build is: with nothing in memory from the one before. It returns
// the build's summary.
func buildProcess(t *testing.T, pb processBuild) Summary {
	t.Helper()
	spec, _ := json.Marshal(pb)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GAZETTE_TEST_BUILD="+string(spec))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gazette build: %v\n%s%s", err, out, stderr.Bytes())
	}
	var sum Summary
	if err := json.Unmarshal(out, &sum); err != nil {
		t.Fatalf("gazette build's summary: %v\n%s", err, out)
	}
	return sum
}

func runProcessBuild(spec string) error {
	var pb processBuild
	if err := json.Unmarshal([]byte(spec), &pb); err != nil {
		return err
	}
	sum, err := Run(context.Background(), Options{Content: os.DirFS(pb.Content), ContentRoot: "content",
		Templates: site.Overlay(os.DirFS(pb.Templates), templates.FS), Public: pb.Public, Index: pb.Index, Now: pb.Now})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(sum)
}

// queries are the searches whose answers an incremental index must share
// with a cold one: words of the sample site, the words edits add, 文號.
var queries = []string{"供熱", "12345", "長府發〔2024〕18號", "长府发2025年3号", "政務公開", "通知", "市政府",
	"巡查要點", "防汛演練", "標記", "修訂", "廢止", ""}

// TestEditSequences is the incremental build's property test: seeded
// random sequences of the edits an editor makes, each followed by gazette
// build as a process of its own (starting from the caches the last one
// left) and by the watcher's in-place update (Engine.Update, told the
// paths that changed, as fsnotify tells it). After every step, every file
// of both sites and the answer to every query in queries must equal a cold
// build's. A page that depends on something its key leaves out shows here.
//
// .ci/run runs it without the race detector, all 50 sequences; under the
// race detector it runs a few.
func TestEditSequences(t *testing.T) {
	// Six steps: from the fourth on, gazette build takes over a spare
	// generation (see publish.Store) and must leave nothing of it behind.
	sequences, steps := 50, 6
	if n := os.Getenv("GAZETTE_SEQUENCES"); n != "" {
		fmt.Sscan(n, &sequences)
	}
	if raceEnabled {
		sequences = 4
	}
	if testing.Short() {
		sequences = 2
	}
	for i := range sequences {
		t.Run(fmt.Sprint("sequence", i), func(t *testing.T) {
			editSequence(t, uint64(i), steps)
		})
	}
}

func editSequence(t *testing.T, seed uint64, steps int) {
	ctx := context.Background()
	dir := t.TempDir()
	ed := &editor{t: t, r: rand.New(rand.NewPCG(20261128, seed)), content: filepath.Join(dir, "content"),
		templates: filepath.Join(dir, "templates"), dates: map[string]string{}, respelt: map[string]string{}}
	if err := os.CopyFS(ed.content, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(ed.templates, templates.FS); err != nil {
		t.Fatal(err)
	}
	opt := func(out string) Options {
		return Options{Content: os.DirFS(ed.content), ContentRoot: "content",
			Templates: site.Overlay(os.DirFS(ed.templates), templates.FS),
			Public:    filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	}
	cli := processBuild{Content: ed.content, Templates: ed.templates,
		Public: filepath.Join(dir, "cli", "public"), Index: filepath.Join(dir, "cli", "index"), Now: sampleTime}
	buildProcess(t, cli)
	watcher := New(opt(filepath.Join(dir, "watch")))
	defer watcher.Close()
	if _, err := watcher.Build(ctx); err != nil {
		t.Fatal(err)
	}
	for step := range steps {
		name, changed := ed.edit()
		label := fmt.Sprintf("step %d (%s)", step+1, name)
		redid(t, label, "gazette build", name, changed, buildProcess(t, cli))
		sum, err := watcher.Update(ctx, changed, nil)
		if err != nil {
			t.Fatalf("%s: watcher: %v", label, err)
		}
		redid(t, label, "the watcher", name, changed, sum)
		cold := filepath.Join(dir, fmt.Sprint("cold", step))
		o := opt(cold)
		o.Full = true
		if _, err := Run(ctx, o); err != nil {
			t.Fatalf("%s: cold build: %v", label, err)
		}
		want := hashTree(t, filepath.Join(cold, "public"))
		answers := searchAll(t, filepath.Join(cold, "index"))
		for _, got := range []struct{ who, dir string }{{"gazette build", filepath.Join(dir, "cli")}, {"the watcher", filepath.Join(dir, "watch")}} {
			if diff := treeDiff(hashTree(t, filepath.Join(got.dir, "public")), want); len(diff) > 0 {
				t.Fatalf("%s: after %s, %d files differ from a cold build: %q", label, got.who, len(diff), diff)
			}
			if a := searchAll(t, filepath.Join(got.dir, "index")); a != answers {
				t.Fatalf("%s: after %s, the index answers differently from a cold build's:\n%s\nwant\n%s", label, got.who, a, answers)
			}
		}
		os.RemoveAll(cold)
	}
}

// bodyEditFiles bounds the files one body edit makes: the document's page
// and its copy in the other script, and, when the edit changes its summary
// or length, the lists and feeds that show them (the sample site has some
// 400 files).
const bodyEditFiles = 100

// redid fails the test when a build after one edit redid more than the
// edit touches: it read again a file that did not change, rendered a body
// whose source did not change, made more than the files that show a body
// it edited, or, for an edit of one document, more than a third of the
// site. An engine that quietly redid everything would still make every
// file equal a cold build's; this catches it.
func redid(t *testing.T, label, who, kind string, changed []string, sum Summary) {
	t.Helper()
	md := 0
	for _, p := range changed {
		if strings.HasSuffix(p, ".md") {
			md++
		}
	}
	whole := slices.Contains(changed, "site.yaml") || slices.Contains(changed, "") // every page shows site.yaml and the templates
	switch {
	case sum.Parsed > md && !slices.Contains(changed, "site.yaml"): // a new site.yaml is parsed with every file again
		t.Errorf("%s: %s parsed %d files after an edit of %d", label, who, sum.Parsed, md)
	case sum.Rendered > md:
		t.Errorf("%s: %s rendered %d bodies after an edit of %d documents", label, who, sum.Rendered, md)
	case kind == "body" && (sum.Made > bodyEditFiles || sum.Rendered == 1 && sum.Made == 0):
		t.Errorf("%s: %s rendered %d bodies and made %d of %d files after a body edit; want at most %d",
			label, who, sum.Rendered, sum.Made, sum.Files, bodyEditFiles)
	case !whole && sum.Made*3 > sum.Files:
		t.Errorf("%s: %s made %d of %d files after an edit of one document", label, who, sum.Made, sum.Files)
	}
}

func treeDiff(got, want map[string]string) []string {
	var diff []string
	for p, h := range want {
		if got[p] != h {
			diff = append(diff, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diff = append(diff, p+" (should be gone)")
		}
	}
	slices.Sort(diff)
	return diff
}

// searchAll is the answer to every query: each hit's URL, title and
// validity, in order, with the total.
func searchAll(t *testing.T, index string) string {
	t.Helper()
	ix, err := search.Open(index)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var b strings.Builder
	for _, q := range queries {
		res, err := ix.Search(context.Background(), search.Query{Text: q, Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%q: %d\n", q, res.Total)
		for _, h := range res.Hits {
			fmt.Fprintf(&b, "  %s %s %s %s\n", h.URL, h.Title, h.Validity, h.Organ)
		}
	}
	return b.String()
}

// An editor makes random edits of the kinds an office makes, each leaving
// content the build accepts, and says which paths it touched.
type editor struct {
	t                  *testing.T
	r                  *rand.Rand
	content, templates string
	dates              map[string]string // embargoed path → the date it had
	respelt            map[string]string // a site.yaml list name respelt in Simplified → as it was
	added              []string          // documents this editor created
	n                  int
}

func (ed *editor) edit() (string, []string) {
	ops := []struct {
		name string
		do   func() []string
	}{
		{"body", ed.body}, {"title", ed.title}, {"embargo", ed.embargo}, {"lift embargo", ed.lift},
		{"organ", ed.organ}, {"topic", ed.topic}, {"validity", ed.validity}, {"repeal", ed.repeal},
		{"add", ed.add}, {"delete", ed.remove}, {"move", ed.move}, {"attachment", ed.attachment},
		{"site.yaml", ed.siteYAML}, {"template", ed.template},
		{"organs", ed.respell("organs")}, {"topics", ed.respell("topics")}, {"categories", ed.respell("categories")},
	}
	for {
		op := ops[ed.r.IntN(len(ops))]
		if changed := op.do(); changed != nil {
			ed.n++
			return op.name, changed
		}
	}
}

// docs lists the documents under content/ whose path matches re; gazette
// issues (index.md) only when re names them.
func (ed *editor) docs(re string) []string {
	var out []string
	rx := regexp.MustCompile(re)
	fs.WalkDir(os.DirFS(ed.content), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && rx.MatchString(p) &&
			(!strings.HasSuffix(p, "/index.md") || strings.Contains(re, "index")) {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func (ed *editor) pick(re string) string {
	ds := ed.docs(re)
	if len(ds) == 0 {
		return ""
	}
	return ds[ed.r.IntN(len(ds))]
}

func (ed *editor) read(p string) (fm, body string) {
	b, err := os.ReadFile(filepath.Join(ed.content, filepath.FromSlash(p)))
	if err != nil {
		ed.t.Fatal(err)
	}
	rest, _ := strings.CutPrefix(string(b), "---\n")
	fm, body, _ = strings.Cut(rest, "\n---\n")
	return fm + "\n", body
}

func (ed *editor) write(p, fm, body string) {
	full := filepath.Join(ed.content, filepath.FromSlash(p))
	os.MkdirAll(filepath.Dir(full), 0o755)
	if err := os.WriteFile(full, []byte("---\n"+fm+"---\n"+body), 0o644); err != nil {
		ed.t.Fatal(err)
	}
}

// field returns a front-matter field's value as written, or "".
func field(fm, key string) string {
	for _, l := range strings.Split(fm, "\n") {
		if v, ok := strings.CutPrefix(l, key+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// setField sets (or, with value "", removes) a top-level field, with any
// lines that continue it.
func setField(fm, key, value string) string {
	var out []string
	lines := strings.Split(strings.TrimSuffix(fm, "\n"), "\n")
	done := false
	for i := 0; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], key+":") {
			for i+1 < len(lines) && (strings.HasPrefix(lines[i+1], " ") || strings.HasPrefix(lines[i+1], "-")) {
				i++
			}
			if value != "" {
				out = append(out, key+": "+value)
			}
			done = true
			continue
		}
		out = append(out, lines[i])
	}
	if !done && value != "" {
		out = append(out, key+": "+value)
	}
	return strings.Join(out, "\n") + "\n"
}

// referenced reports whether any document refers to p, by its path or its
// 文號: it must not move or go.
func (ed *editor) referenced(p string) bool {
	fm, _ := ed.read(p)
	num := field(fm, "doc_number")
	for _, q := range ed.docs(".") {
		if q == p {
			continue
		}
		b, _ := os.ReadFile(filepath.Join(ed.content, filepath.FromSlash(q)))
		if bytes.Contains(b, []byte(p)) || num != "" && bytes.Contains(b, []byte(num)) {
			return true
		}
	}
	return false
}

const disclosure = `^(gazette/\d{4}/\d\d/[^/]+|briefings/\d{4}/[^/]+|news/\d{4}/[^/]+)\.md$`

func (ed *editor) body() []string {
	p := ed.pick(`(^|/)[^/]+\.md$|index\.md`)
	fm, body := ed.read(p)
	word := []string{"巡查要點", "防汛演練", "標記"}[ed.r.IntN(3)]
	ed.write(p, fm, body+fmt.Sprintf("\n%s第%d項：本段為增量構建測試。\n", word, ed.n))
	return []string{p}
}

func (ed *editor) title() []string {
	p := ed.pick(`(^|/)[^/]+\.md$|index\.md`)
	fm, body := ed.read(p)
	t := field(fm, "title")
	if nt, ok := strings.CutSuffix(t, "（修訂）"); ok {
		t = nt
	} else {
		t += "（修訂）"
	}
	ed.write(p, setField(fm, "title", t), body)
	return []string{p}
}

func (ed *editor) embargo() []string {
	p := ed.pick(disclosure)
	if _, ok := ed.dates[p]; ok {
		return nil
	}
	fm, body := ed.read(p)
	ed.dates[p] = field(fm, "date")
	ed.write(p, setField(fm, "date", "2027-03-01T09:00:00"), body)
	return []string{p}
}

func (ed *editor) lift() []string {
	for _, p := range slices.Sorted(maps.Keys(ed.dates)) {
		fm, body := ed.read(p)
		ed.write(p, setField(fm, "date", ed.dates[p]), body)
		delete(ed.dates, p)
		return []string{p}
	}
	return nil
}

func (ed *editor) organ() []string {
	p := ed.pick(disclosure)
	fm, body := ed.read(p)
	organ := []string{"長春市人民政府", "長春市人民政府辦公廳", "長春市城市管理局", "长春市人民政府办公厅"}[ed.r.IntN(4)]
	ed.write(p, setField(fm, "organ", organ), body)
	return []string{p}
}

func (ed *editor) topic() []string {
	p := ed.pick(disclosure)
	fm, body := ed.read(p)
	topic := []string{"綜合政務", "城鄉建設、環境保護", "公共安全", ""}[ed.r.IntN(4)]
	ed.write(p, setField(fm, "topic", topic), body)
	return []string{p}
}

func (ed *editor) validity() []string {
	p := ed.pick(`^gazette/\d{4}/\d\d/[^/]+\.md$`)
	if strings.HasSuffix(p, "/index.md") {
		return nil
	}
	fm, body := ed.read(p)
	v := []string{"有效", "已修改", "廢止", "失效"}[ed.r.IntN(4)]
	// A document made void says when, as repealed_on: the annual
	// reports count it in that year (and reject a repeal they cannot place).
	when := ""
	if v == "廢止" || v == "失效" {
		when = field(fm, "date")[:len("2006-01-02")]
	}
	ed.write(p, setField(setField(fm, "validity", v), "repealed_on", when), body)
	return []string{p}
}

func (ed *editor) repeal() []string {
	gazette := ed.docs(`^gazette/`)
	a, b := gazette[ed.r.IntN(len(gazette))], gazette[ed.r.IntN(len(gazette))]
	if a == b {
		return nil
	}
	fm, body := ed.read(a)
	if field(fm, "superseded_by") != "" {
		return nil
	}
	ed.write(a, setField(fm, "repeals", "["+b+"]"), body)
	return []string{a}
}

func (ed *editor) add() []string {
	section := []string{"news/2026", "briefings/2025", "gazette/2025/02"}[ed.r.IntN(3)]
	p := fmt.Sprintf("%s/added-%d.md", section, ed.n)
	fm := fmt.Sprintf("title: 增量構建測試新增文件%d\ndate: 2025-%02d-%02d\norgan: 長春市人民政府辦公廳\ntopic: 綜合政務\n", ed.n, 2+ed.r.IntN(9), 1+ed.r.IntN(27))
	ed.write(p, fm, fmt.Sprintf("\n新增文件正文，標記%d。\n", ed.n))
	ed.added = append(ed.added, p)
	return []string{p}
}

func (ed *editor) remove() []string {
	ps := slices.DeleteFunc(ed.docs(disclosure), func(p string) bool {
		_, embargoed := ed.dates[p]
		return embargoed || ed.referenced(p)
	})
	if len(ps) == 0 {
		return nil
	}
	p := ps[ed.r.IntN(len(ps))]
	fm, _ := ed.read(p)
	if field(fm, "attachments") != "" {
		return nil
	}
	if err := os.Remove(filepath.Join(ed.content, filepath.FromSlash(p))); err != nil {
		ed.t.Fatal(err)
	}
	return []string{p}
}

// move renames a news item or briefing, or moves it to another year: its
// URL changes, and fsnotify reports both paths.
func (ed *editor) move() []string {
	ps := slices.DeleteFunc(ed.docs(`^(news|briefings)/`), func(p string) bool {
		_, embargoed := ed.dates[p]
		return embargoed || ed.referenced(p)
	})
	if len(ps) == 0 {
		return nil
	}
	p := ps[ed.r.IntN(len(ps))]
	fm, _ := ed.read(p)
	if field(fm, "attachments") != "" || field(fm, "slug") != "" {
		return nil
	}
	dir, file := path.Split(p)
	to := dir + "moved-" + file
	if ed.r.IntN(2) == 0 {
		section, _, _ := strings.Cut(dir, "/")
		to = section + "/2024/" + file
	}
	src, dst := filepath.Join(ed.content, filepath.FromSlash(p)), filepath.Join(ed.content, filepath.FromSlash(to))
	os.MkdirAll(filepath.Dir(dst), 0o755)
	if err := os.Rename(src, dst); err != nil {
		ed.t.Fatal(err)
	}
	return []string{p, to}
}

// attachment gives a gazette document a new attachment, or changes the
// bytes of one it has.
func (ed *editor) attachment() []string {
	p := ed.pick(`^gazette/\d{4}/\d\d/[^/]+\.md$`)
	if strings.HasSuffix(p, "/index.md") {
		return nil
	}
	fm, body := ed.read(p)
	name := field(fm, "attachments")
	name = strings.Trim(name, "[]")
	if name == "" || strings.Contains(name, ",") {
		name = fmt.Sprintf("attachment-%d.csv", ed.n)
		fm = setField(fm, "attachments", "["+name+"]")
	}
	att := path.Join(path.Dir(p), name)
	data := strings.Repeat(fmt.Sprintf("項目%d,數量\n", ed.n), 1+ed.r.IntN(20))
	if err := os.WriteFile(filepath.Join(ed.content, filepath.FromSlash(att)), []byte(data), 0o644); err != nil {
		ed.t.Fatal(err)
	}
	ed.write(p, fm, body)
	return []string{p, att}
}

func (ed *editor) siteYAML() []string {
	p := filepath.Join(ed.content, "site.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		ed.t.Fatal(err)
	}
	var s string
	switch ed.r.IntN(3) {
	case 0:
		s = regexp.MustCompile(`(?m)^page_size: .*$`).ReplaceAllString(string(b), fmt.Sprintf("page_size: %d", 2+ed.r.IntN(20)))
	case 1:
		s = regexp.MustCompile(`(?m)^feed_items: .*$`).ReplaceAllString(string(b), fmt.Sprintf("feed_items: %d", 3+ed.r.IntN(50)))
	default:
		s = regexp.MustCompile(`(?m)^description: .*$`).ReplaceAllString(string(b), fmt.Sprintf("description: 說明第%d版", ed.n))
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		ed.t.Fatal(err)
	}
	return []string{"site.yaml"}
}

// respell changes the spelling of one name of a site.yaml list (organs,
// topics or categories) into Simplified, or back: the documents under it
// are then shown, grouped and found under the new spelling, though not one
// of their files changed.
func (ed *editor) respell(list string) func() []string {
	return func() []string {
		p := filepath.Join(ed.content, "site.yaml")
		b, err := os.ReadFile(p)
		if err != nil {
			ed.t.Fatal(err)
		}
		cfg := string(b)
		// A flow list on one line, or a block of "  - name" lines.
		var names []string
		line := regexp.MustCompile(`(?m)^` + list + `: \[(.*)\]$`).FindStringSubmatch(cfg)
		if line != nil {
			names = strings.Split(line[1], ", ")
		} else if block := regexp.MustCompile(`(?ms)^` + list + `:\n((?:  [-#][^\n]*\n)+)`).FindStringSubmatch(cfg); block != nil {
			for _, m := range regexp.MustCompile(`(?m)^  - (.+)$`).FindAllStringSubmatch(block[1], -1) {
				names = append(names, m[1])
			}
		}
		if len(names) == 0 {
			ed.t.Fatalf("site.yaml has no %s list", list)
		}
		name := names[ed.r.IntN(len(names))]
		to, back := ed.respelt[name]
		if !back {
			c, err := zh.T2S()
			if err != nil {
				ed.t.Fatal(err)
			}
			if to = c.String(name); to == name {
				return nil // the same in both scripts
			}
		}
		if line != nil {
			cfg = strings.Replace(cfg, line[0], strings.Replace(line[0], name, to, 1), 1)
		} else {
			cfg = strings.Replace(cfg, "\n  - "+name+"\n", "\n  - "+to+"\n", 1)
		}
		if back {
			delete(ed.respelt, name)
		} else {
			ed.respelt[to] = name
		}
		if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
			ed.t.Fatal(err)
		}
		return []string{"site.yaml"}
	}
}

func (ed *editor) template() []string {
	name := []string{"base.html", "list.html", "document.html", "style.css"}[ed.r.IntN(4)]
	p := filepath.Join(ed.templates, name)
	b, err := os.ReadFile(p)
	if err != nil {
		ed.t.Fatal(err)
	}
	if name == "style.css" {
		b = append(b, fmt.Sprintf("\n/* 修訂%d */\n", ed.n)...)
	} else {
		b = bytes.Replace(b, []byte("{{end}}"), []byte(fmt.Sprintf("<!-- 修訂%d -->{{end}}", ed.n)), 1)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		ed.t.Fatal(err)
	}
	return []string{""}
}
