package build

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/law"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/site"
	"gazette/cmd/gazette/internal/zh"
)

// What a body says of its structure and citations (package law) is kept
// between builds in .gazette/cache/law, by the hash of the source, so that
// a build links the archive without reading every body again: a
// document's links depend on the titles, 文號, dates and articles of the
// documents its citations look up, and its page lists the documents that
// cite it. A body whose links would change is rendered again (its key in
// the body store covers every lookup's answer), and a document's stamp
// covers its links and who cites it, so its pages and feeds are made
// again; nothing else is.

// bodyFacts is what law finds in one body that other documents' links
// and pages depend on.
type bodyFacts struct {
	Anchors []string // its articles' anchors, in order
	Marks   []string // each article's number as written: 第十二條
	Cites   []citeFact
}

// citeFact is one citation of another document, as law.Resolve needs it.
type citeFact struct {
	Kind      law.CiteKind
	Name, Key string
	Article   law.Num
	In        int // index in Anchors of the citing article, -1 for none
	Lookups   []string
}

func (c citeFact) citation() law.Citation {
	return law.Citation{Kind: c.Kind, Name: c.Name, Key: c.Key, Article: c.Article, In: c.In}
}

func factsOf(body []byte, title string) bodyFacts {
	d := law.Parse(string(body), law.Options{Title: title})
	f := bodyFacts{Anchors: d.Anchors()}
	for _, a := range d.Articles {
		f.Marks = append(f.Marks, string(body[a.Mark.Start:a.Mark.End]))
	}
	for _, c := range d.Citations {
		if c.Kind == law.Self || c.Kind == law.Bare {
			continue // the document itself: nothing of another's
		}
		f.Cites = append(f.Cites, citeFact{Kind: c.Kind, Name: c.Name, Key: c.Key, Article: c.Article, In: c.In, Lookups: c.Lookups()})
	}
	return f
}

const lawCacheMagic = "gazette-law/1"

// lawCache is the file of facts, by source hash, made by one program.
type lawCache struct {
	Magic, Prog string
	Facts       map[string]bodyFacts
}

// readLawCache reads the facts a build kept; a missing, damaged or
// foreign file gives none (each body is read again).
func readLawCache(dir, prog string) map[string]bodyFacts {
	data, err := os.ReadFile(filepath.Join(dir, "law"))
	var c lawCache
	if err != nil || gob.NewDecoder(bytes.NewReader(data)).Decode(&c) != nil || c.Magic != lawCacheMagic || c.Prog != prog {
		return map[string]bodyFacts{}
	}
	return c.Facts
}

// saveLawCache keeps the facts of the documents built, by a rename.
func saveLawCache(dir, prog string, facts map[string]bodyFacts, s *content.Site) error {
	keep := make(map[string]bodyFacts, len(s.Documents))
	for _, d := range s.Documents {
		if f, ok := facts[d.Hash]; ok {
			keep[d.Hash] = f
		}
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(lawCache{Magic: lawCacheMagic, Prog: prog, Facts: keep}); err != nil {
		return err
	}
	tmp := filepath.Join(dir, fmt.Sprintf(".law-%d", time.Now().UnixNano()))
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "law"))
}

// links is what a build knows of the archive's citations.
type links struct {
	ix      *law.Archive
	keys    map[*content.Document]string // the body store's key of each body
	citedBy map[*content.Document][]site.Citer
	graph   []edge
	parsed  map[*content.Document]bool // facts read from the body in this build
}

// edge is one citation of the graph: a document's article citing
// another's.
type edge struct {
	from, to   *content.Document
	in, target string // anchors, "" for the document
}

// effective is the day a document takes effect, as law.Version reads it.
func effective(d *content.Document) time.Time { return law.EffectiveDate(d.Effective, d.Date) }

// link reads the facts of every document whose body the cache lacks and
// resolves every citation of the archive.
func (e *Engine) link(ctx context.Context, s *content.Site) (*links, error) {
	if e.facts == nil {
		e.facts = map[string]bodyFacts{}
		if !e.opt.Full {
			e.facts = readLawCache(e.cacheDir, e.prog)
		}
	}
	l := &links{keys: map[*content.Document]string{}, citedBy: map[*content.Document][]site.Citer{}, parsed: map[*content.Document]bool{}}
	var todo []*content.Document
	for _, d := range s.Documents {
		if _, ok := e.facts[d.Hash]; !ok {
			todo = append(todo, d)
			l.parsed[d] = true
		}
	}
	found := make([]bodyFacts, len(todo))
	err := parallel.Do(ctx, len(todo), func(i int) error {
		body, err := content.ReadBody(e.opt.Content, todo[i])
		if err != nil {
			return fmt.Errorf("%s: %w", path.Join(e.opt.ContentRoot, todo[i].Path), err)
		}
		found[i] = factsOf(body, todo[i].Title)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, d := range todo {
		e.facts[d.Hash] = found[i]
		e.factsChanged = true
	}
	if len(e.facts) > 2*len(s.Documents)+64 { // a long-running engine forgets the bodies edited away
		live := make(map[string]bodyFacts, len(s.Documents))
		for _, d := range s.Documents {
			live[d.Hash] = e.facts[d.Hash]
		}
		e.facts = live
	}
	l.ix = e.indexOf(s)
	for _, d := range s.Documents {
		l.keys[d] = l.bodyKey(d, e.facts[d.Hash])
	}
	l.resolveAll(s, e.facts)
	return l, nil
}

func (e *Engine) indexOf(s *content.Site) *law.Archive {
	ix := law.NewArchive()
	for _, d := range s.Documents {
		if d.Kind != content.KindIssue {
			ix.Add(d.Title, d.DocNumber, d.URL, d.Effective, d.Date, e.facts[d.Hash].Anchors)
		}
	}
	return ix
}

// bodyKey is the key of d's rendered body: its source, what render is
// told of it, and what each of its citations resolves to.
func (l *links) bodyKey(d *content.Document, f bodyFacts) string {
	b := make([]byte, 0, 256)
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	str(d.Hash)
	str(d.URL)
	str(d.Title)
	str(effective(d).Format(time.RFC3339))
	// What the body shows of each citation: where its link starts (which
	// of the names it could be has a document) and where it leads. Another
	// version of a cited title that the citing date does not pick changes
	// neither, and renders nothing again.
	from := law.Version{ID: d.URL, Date: effective(d), Articles: f.Anchors}
	for _, c := range f.Cites {
		for _, k := range c.Lookups {
			vs := l.ix.Titled(k)
			if c.Kind == law.ByNumber {
				vs = l.ix.Numbered(k)
			}
			str(k)
			b = binary.AppendUvarint(b, uint64(min(len(vs), 1)))
		}
		ln := law.Resolve(l.ix, c.citation(), from)
		b = binary.AppendUvarint(b, uint64(ln.Status))
		str(ln.ID)
		str(ln.Article)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// resolveAll resolves each document's citations of others: the graph,
// and for each document the ones that cite it, newest first.
func (l *links) resolveAll(s *content.Site, facts map[string]bodyFacts) {
	byURL := make(map[string]*content.Document, len(s.Documents))
	for _, d := range s.Documents {
		byURL[d.URL] = d
	}
	mark := func(d *content.Document, anchor string) string {
		f := facts[d.Hash]
		if i := slices.Index(f.Anchors, anchor); i >= 0 {
			return f.Marks[i]
		}
		return ""
	}
	for _, d := range s.Documents {
		if d.Kind == content.KindIssue {
			continue // an issue's contents list its documents: it cites none
		}
		f := facts[d.Hash]
		from := law.Version{ID: d.URL, Date: effective(d), Articles: f.Anchors}
		seen := map[edge]bool{}
		for _, c := range f.Cites {
			ln := law.Resolve(l.ix, c.citation(), from)
			to := byURL[ln.ID]
			if ln.Status != law.Linked || to == nil || to == d {
				continue
			}
			e := edge{from: d, to: to, target: ln.Article}
			if c.In >= 0 && c.In < len(f.Anchors) {
				e.in = f.Anchors[c.In]
			}
			if seen[e] {
				continue
			}
			seen[e] = true
			l.graph = append(l.graph, e)
			ct := site.Citer{Doc: d, In: e.in, Article: e.target, ArticleMark: mark(to, e.target)}
			if e.in != "" {
				ct.InMark = mark(d, e.in)
			}
			l.citedBy[to] = append(l.citedBy[to], ct)
		}
	}
	for _, cs := range l.citedBy {
		slices.SortStableFunc(cs, func(x, y site.Citer) int {
			return cmp.Or(y.Doc.Date.Compare(x.Doc.Date), cmp.Compare(x.Doc.URL, y.Doc.URL))
		})
	}
}

// stamps adds to each document's stamp its body's key (its links) and who
// cites it, each citer by what the page lists of it: every page and feed
// that shows the document is made again when either changes.
func (l *links) stamps(own map[*content.Document][32]byte) map[*content.Document][32]byte {
	out := make(map[*content.Document][32]byte, len(own))
	var mu sync.Mutex
	docs := make([]*content.Document, 0, len(own))
	for d := range own {
		docs = append(docs, d)
	}
	parallel.For(len(docs), func(i int) {
		d := docs[i]
		st := own[d]
		b := append(st[:0:0], st[:]...)
		b = append(b, l.keys[d]...)
		for _, c := range l.citedBy[d] {
			// What the list shows of a citer, not its stamp: an edit of its
			// text elsewhere changes no page of what it cites.
			x := c.Doc
			b = fmt.Appendf(b, "%s\x00%s\x00%s\x00%s\x00%s\x00", x.URL, x.Title, x.Date.Format(time.RFC3339), x.DocNumber, x.Lang)
			b = append(b, c.In+"\x00"+c.InMark+"\x00"+c.Article+"\x00"+c.ArticleMark+"\x00"...)
		}
		sum := sha256.Sum256(b)
		mu.Lock()
		out[d] = sum
		mu.Unlock()
	})
	return out
}

// key is the body store's key of d.
func (l *links) key(d *content.Document) string {
	if l == nil {
		return d.Hash
	}
	if k, ok := l.keys[d]; ok {
		return k
	}
	return d.Hash
}

// renderOptions is what render is told of d: what its bodyKey covers.
func (l *links) renderOptions(d *content.Document) render.Options {
	o := render.Options{Title: d.Title, From: law.Version{ID: d.URL, Date: effective(d)}}
	if l != nil {
		o.Index = l.ix
	}
	return o
}

// citers are the documents that cite d, newest first.
func (l *links) citers(d *content.Document) []site.Citer { return l.citedBy[d] }

// CitationColumns are the columns of data/citations.csv; data/citations.json
// holds the same records.
var citationColumns = []string{"citing_url", "citing_title", "citing_article", "cited_url", "cited_title", "cited_article"}

type citationRecord struct {
	CitingURL     string `json:"citing_url"`
	CitingTitle   string `json:"citing_title"`
	CitingArticle string `json:"citing_article,omitempty"`
	CitedURL      string `json:"cited_url"`
	CitedTitle    string `json:"cited_title"`
	CitedArticle  string `json:"cited_article,omitempty"`
}

// openData is the citation graph of the archive, as open data beside
// data/documents.*: one record per citing document and article and cited
// document and article, each URL absolute and each article by its anchor
// (#a12 of the document's page). Its key is what it holds.
func (l *links) openData(cfg content.Config) publish.Job {
	recs := make([]citationRecord, 0, len(l.graph))
	for _, e := range l.graph {
		recs = append(recs, citationRecord{CitingURL: absolute(cfg, e.from.URL), CitingTitle: e.from.Title, CitingArticle: e.in,
			CitedURL: absolute(cfg, e.to.URL), CitedTitle: e.to.Title, CitedArticle: e.target})
	}
	slices.SortFunc(recs, func(x, y citationRecord) int {
		return cmp.Or(cmp.Compare(x.CitingURL, y.CitingURL), cmp.Compare(x.CitingArticle, y.CitingArticle),
			cmp.Compare(x.CitedURL, y.CitedURL), cmp.Compare(x.CitedArticle, y.CitedArticle))
	})
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	jsErr := enc.Encode(struct {
		Count     int              `json:"count"`
		Citations []citationRecord `json:"citations"`
	}{len(recs), recs})
	var cs bytes.Buffer
	cs.WriteString("\ufeff")
	w := csv.NewWriter(&cs)
	w.UseCRLF = true
	w.Write(citationColumns)
	for _, r := range recs {
		w.Write([]string{r.CitingURL, r.CitingTitle, r.CitingArticle, r.CitedURL, r.CitedTitle, r.CitedArticle})
	}
	w.Flush()
	files := []publish.File{{Path: "data/citations.json", Data: js.Bytes()}, {Path: "data/citations.csv", Data: cs.Bytes()}}
	return publish.Job{Paths: []string{files[0].Path, files[1].Path}, Key: sha256.Sum256(append(js.Bytes(), cs.Bytes()...)),
		Make: func() ([]publish.File, error) { return files, cmp.Or(jsErr, w.Error()) }}
}

// idJob makes the resolver's map (disk.IDFile); its key is what it holds.
func (e *Engine) idJob(s *content.Site) publish.Job {
	m := disk.IDMap{Titles: map[string][]disk.IDEntry{}, Numbers: map[string][]disk.IDEntry{}}
	for _, d := range s.Documents {
		if d.Kind == content.KindIssue {
			continue
		}
		en := disk.IDEntry{URL: d.URL, Title: d.Title, Date: effective(d).In(s.Config.Location).Format(time.DateOnly), Articles: e.facts[d.Hash].Anchors}
		if k := law.TitleKey(d.Title); k != "" {
			m.Titles[k] = append(m.Titles[k], en)
		}
		if d.DocNumber != "" {
			k := zh.DocNumberKey(d.DocNumber)
			m.Numbers[k] = append(m.Numbers[k], en)
		}
	}
	data, err := json.Marshal(m) // map keys are sorted: the same map gives the same bytes
	return publish.Job{Paths: []string{disk.IDFile}, Key: sha256.Sum256(data),
		Make: func() ([]publish.File, error) { return []publish.File{{Path: disk.IDFile, Data: data}}, err }}
}

func absolute(cfg content.Config, u string) string {
	return strings.TrimSuffix(cfg.BaseURL, "/") + u
}
