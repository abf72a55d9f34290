package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gazette/cmd/gazette/internal/zh"
)

// An editor makes random edits of the kinds an office makes, each leaving
// content the build accepts, and says which paths it touched.
type editor struct {
	t                  *testing.T
	r                  *rand.Rand
	content, templates string
	dates              map[string]string // embargoed path → the date it had
	respelt            map[string]string // a site.yaml list name respelt in Simplified → as it was
	added              []string          // documents this editor created
	versions           []string          // later versions of documents this editor created (previous:)
	script             []string          // the edits to make first, by name
	n                  int
}

func (ed *editor) edit() (string, []string) {
	ops := []struct {
		name string
		do   func() []string
	}{
		{"body", ed.body}, {"title", ed.title}, {"embargo", ed.embargo}, {"lift embargo", ed.lift},
		{"organ", ed.organ}, {"topic", ed.topic}, {"validity", ed.validity}, {"repeal", ed.repeal},
		{"add", ed.add}, {"delete", ed.remove}, {"add version", ed.addVersion}, {"remove version", ed.removeVersion}, {"move", ed.move}, {"attachment", ed.attachment},
		{"site.yaml", ed.siteYAML}, {"template", ed.template},
		{"organs", ed.respell("organs")}, {"topics", ed.respell("topics")}, {"categories", ed.respell("categories")},
		{"cite", ed.cite}, {"retitle cited", ed.retitleCited},
	}
	for len(ed.script) > 0 {
		name := ed.script[0]
		ed.script = ed.script[1:]
		i := slices.IndexFunc(ops, func(o struct {
			name string
			do   func() []string
		}) bool {
			return o.name == name
		})
		if i < 0 {
			ed.t.Fatalf("no edit %q", name)
		}
		if changed := ops[i].do(); changed != nil {
			ed.n++
			return name, changed
		}
		ed.t.Fatalf("the edit %q found nothing to do", name)
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

// citeMark ends the line a cite edit adds, so that the next one finds it.
const citeMark = "（增量構建測試引用）"

// cite adds to a document's body a citation of another document — by
// title, with or without an article (which the document may lack), or by
// 文號 — or removes the one it added.
func (ed *editor) cite() []string {
	p := ed.pick(disclosure)
	fm, body := ed.read(p)
	if i := strings.Index(body, citeMark); i >= 0 {
		start := strings.LastIndex(body[:i], "\n\n")
		ed.write(p, fm, body[:start+1]+body[i+len(citeMark)+1:])
		return []string{p}
	}
	q := ed.pick(disclosure)
	qfm, _ := ed.read(q)
	title, num := field(qfm, "title"), field(qfm, "doc_number")
	var cite string
	switch ed.r.IntN(3) {
	case 0:
		cite = "《" + title + "》"
	case 1:
		cite = fmt.Sprintf("《%s》第%d條", title, 1+ed.r.IntN(12))
	default:
		if num == "" {
			return nil
		}
		cite = num
	}
	ed.write(p, fm, body+"\n\n依照"+cite+"辦理"+citeMark+"\n")
	return []string{p}
}

// retitleCited changes the title of a document another cites by it, so
// that the citation no longer finds it (or finds it again): the citing
// page's link must follow.
func (ed *editor) retitleCited() []string {
	var cited []string
	for _, q := range ed.docs(disclosure) {
		fm, _ := ed.read(q)
		t := strings.TrimSuffix(field(fm, "title"), "補充規定")
		for _, p := range ed.docs(".") {
			if _, body := ed.read(p); p != q && strings.Contains(body, "《"+t) {
				cited = append(cited, q)
				break
			}
		}
	}
	if len(cited) == 0 {
		return nil
	}
	p := cited[ed.r.IntN(len(cited))]
	fm, body := ed.read(p)
	t := field(fm, "title")
	if nt, ok := strings.CutSuffix(t, "補充規定"); ok {
		t = nt
	} else {
		t += "補充規定"
	}
	ed.write(p, setField(fm, "title", t), body)
	return []string{p}
}
