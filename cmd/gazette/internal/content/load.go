package content

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/parallel"
)

// Options control a load.
type Options struct {
	Now    time.Time // the build time: embargo and expiry are judged against it
	Drafts bool      // publish drafts and embargoed documents (a local preview)
	Root   string    // how paths are shown in errors, e.g. "content"
	Cache  *Cache    // parsed files kept between loads; nil for none

	// LeaveBodies drops each document's Markdown once its file is parsed
	// (Body is nil), for a build that renders it later with ReadBody
	// rather than hold every body from the start, which grows with the
	// archive. A load through a Cache always leaves the bodies.
	LeaveBodies bool

	// Watched says that the caller watches the tree and Changed names
	// every path (file or folder, under the content folder) that changed
	// since the last load with Cache: the rest is taken from the cache
	// without walking the tree or looking at a file.
	Watched bool
	Changed []string
}

// Site is a loaded, validated content tree.
type Site struct {
	Config    Config
	Documents []*Document // published documents, sorted by Path
	All       []*Document // every document, published or not
	Assets    []Attachment
	Parsed    int       // files read and parsed, not taken from Options.Cache
	Now       time.Time // the clock it was loaded at (Options.Now)

	drafts bool // loaded with Options.Drafts
}

// MaxFileSize bounds one source file; a larger one is an error, not a hang.
const MaxFileSize = 64 << 20

// Load reads and validates the content tree in fsys. On any content error it
// returns a nil Site and an ErrorList holding every error found.
func Load(ctx context.Context, fsys fs.FS, opt Options) (*Site, error) {
	if opt.Root == "" {
		opt.Root = "content"
	}
	show := func(p string) string { return path.Join(opt.Root, p) }

	var errs ErrorList
	cfgData, err := fs.ReadFile(fsys, "site.yaml")
	if err != nil {
		return nil, ErrorList{{Path: show("site.yaml"), Msg: fmt.Sprintf("cannot read site configuration: %v", err)}}
	}
	cfg, cerrs := parseConfig(show("site.yaml"), cfgData)
	errs = append(errs, cerrs...)
	opt.Cache.reset(opt.Root + "\x00" + string(cfgData))

	var mdPaths []string
	trust := false
	if opt.Watched {
		if mdPaths, trust, err = opt.Cache.paths(fsys, opt.Changed); err != nil {
			return nil, fmt.Errorf("reading content: %w", err)
		}
		slices.Sort(mdPaths)
	}
	if !trust {
		err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &Error{Path: show(p), Msg: err.Error()})
				return nil
			}
			if d.IsDir() && p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			if isSource(p, d) {
				mdPaths = append(mdPaths, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walking content: %w", err)
		}
	}

	docs := make([]*Document, len(mdPaths))
	perDoc := make([]ErrorList, len(mdPaths))
	var parsed atomic.Int64
	err = parallel.Do(ctx, len(mdPaths), func(i int) error {
		var p bool
		docs[i], perDoc[i], p = opt.Cache.read(fsys, mdPaths[i], show(mdPaths[i]), cfg, trust)
		if p {
			parsed.Add(1)
		}
		if opt.LeaveBodies && docs[i] != nil {
			docs[i].Body = nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	opt.Cache.prune(mdPaths)
	for _, e := range perDoc {
		errs = append(errs, e...)
	}
	docs = slices.DeleteFunc(docs, func(d *Document) bool { return d == nil })

	l := &linker{cfg: cfg, docs: docs, show: show, fsys: fsys}
	errs = append(errs, l.link()...)
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	site := &Site{Config: cfg, All: docs, Now: opt.Now, drafts: opt.Drafts, Parsed: int(parsed.Load())}
	site.Documents = publish(docs, opt, cfg)
	for _, d := range site.Documents {
		site.Assets = append(site.Assets, d.Attachments...)
		if d.PDF != nil {
			site.Assets = append(site.Assets, *d.PDF)
		}
	}
	return site, nil
}

var (
	yearRe  = regexp.MustCompile(`^[0-9]{4}$`)
	issueRe = regexp.MustCompile(`^z?[0-9]{2}$`) // NN, or zNN for an extra edition (增刊)
)

// classify decides a file's kind and URL from its place under content/.
func classify(p string) (kind Kind, section, url, slug string, err error) {
	parts := strings.Split(p, "/")
	base := strings.TrimSuffix(parts[len(parts)-1], ".md")
	section = parts[0]
	switch {
	case section == "gazette" && len(parts) == 4 && yearRe.MatchString(parts[1]) && issueRe.MatchString(parts[2]):
		if base == "index" {
			return KindIssue, section, fmt.Sprintf("/gazette/%s/%s/", parts[1], parts[2]), "", nil
		}
		return KindGazette, section, fmt.Sprintf("/gazette/%s/%s/", parts[1], parts[2]), base, nil
	case (section == "briefings" || section == "news") && len(parts) == 3 && yearRe.MatchString(parts[1]):
		kind = KindBriefing
		if section == "news" {
			kind = KindNews
		}
		return kind, section, fmt.Sprintf("/%s/%s/", section, parts[1]), base, nil
	case section == "pages" && len(parts) == 2:
		return KindPage, section, "/about/", base, nil
	case section == "reports" && len(parts) == 2 && yearRe.MatchString(base):
		return KindReport, section, "/reports/", base, nil
	}
	return 0, "", "", "", fmt.Errorf("not a place for a document: want gazette/<year>/<NN>/<slug>.md, briefings/<year>/<slug>.md, news/<year>/<slug>.md, pages/<slug>.md or reports/<year>.md")
}

func readDocument(fsys fs.FS, p, shown string, cfg Config) (*Document, ErrorList) {
	kind, section, dir, slug, err := classify(p)
	if err != nil {
		return nil, ErrorList{{Path: shown, Msg: err.Error()}}
	}
	if info, err := fs.Stat(fsys, p); err == nil && info.Size() > MaxFileSize {
		return nil, ErrorList{{Path: shown, Msg: fmt.Sprintf("file is larger than the %d MiB limit (%d bytes): split it, or move data into an attachment", MaxFileSize>>20, info.Size())}}
	}
	raw, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, ErrorList{{Path: shown, Msg: err.Error()}}
	}
	sum := sha256.Sum256(raw)
	data := normalize(raw)
	if bytes := slices.Index(data, 0); bytes >= 0 {
		return nil, ErrorList{{Path: shown, Msg: "binary file: it holds a NUL byte, so it is not Markdown text"}}
	}
	if !utf8.Valid(data) {
		line := 1 + strings.Count(string(data[:firstInvalid(data)]), "\n")
		return nil, ErrorList{{Path: shown, Line: line, Msg: "not valid UTF-8 text: save the file as UTF-8"}}
	}
	fm, body, bodyLine, ok := split(data)
	if !ok {
		return nil, ErrorList{{Path: shown, Line: 1, Msg: `front matter missing: the file must start with a line "---", the fields, then another "---"`}}
	}
	doc := &Document{Path: p, Kind: kind, Section: section, Body: body, BodyLine: bodyLine, Hash: hex.EncodeToString(sum[:])}
	d := &decoder{path: shown, offset: 1, loc: cfg.Location}
	d.frontMatter(doc, fm)
	doc.lines = d.lines
	if doc.Slug == "" {
		doc.Slug = slug
	}
	if doc.Kind == KindReport {
		doc.Year, _ = strconv.Atoi(slug)
		doc.FrontMatter = bytes.Clone(fm)
	}
	if doc.Kind != KindIssue {
		if err := checkSlug(doc.Slug); err != nil {
			d.errs = append(d.errs, &Error{Path: shown, Line: doc.line("slug"), Msg: err.Error()})
		}
		doc.URL = dir + doc.Slug + "/"
	} else {
		doc.URL = dir
	}
	if doc.Lang == "" {
		doc.Lang = cfg.Language
	} else if doc.Lang != "zh-Hant" && doc.Lang != "zh-Hans" {
		d.errs = append(d.errs, &Error{Path: shown, Line: doc.line("lang"), Msg: fmt.Sprintf("lang %q must be zh-Hant or zh-Hans", doc.Lang)})
	}
	d.errs = append(d.errs, checkFields(doc, shown)...)
	if doc.Normative && cfg.Report != nil && slices.Contains(cfg.Report.Rules, doc.Category) {
		d.errs = append(d.errs, &Error{Path: shown, Line: doc.line("normative"),
			Msg: fmt.Sprintf("normative: true on a 規章 (site.yaml's report.rules counts category %s as 規章): a 規章 is not a 行政規範性文件", doc.Category)})
	}
	return doc, d.errs
}

// ReadBody reads d's Markdown from its file again, for a document loaded
// with Options.LeaveBodies. It fails if the file is no longer the one
// loaded: the rest of the build was made from that one.
func ReadBody(fsys fs.FS, d *Document) ([]byte, error) {
	raw, err := fs.ReadFile(fsys, d.Path)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != d.Hash {
		return nil, errors.New("the file changed during the build: build again")
	}
	_, body, _, _ := split(normalize(raw))
	return body, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func (d *Document) line(field string) int {
	if l, ok := d.lines[field]; ok {
		return l
	}
	return 2
}

func checkSlug(s string) error {
	if s == "" || s == "." || s == ".." || strings.HasPrefix(s, ".") {
		return fmt.Errorf("slug %q is not usable in a URL", s)
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_.~", r) {
			return fmt.Errorf("slug %q may not contain %q; use letters, digits and hyphens", s, r)
		}
	}
	return nil
}

var validities = []string{Valid, Amended, Repealed, Expired}

// checkFields validates one document on its own.
func checkFields(doc *Document, shown string) ErrorList {
	var errs ErrorList
	bad := func(field, format string, args ...any) {
		errs = append(errs, &Error{Path: shown, Line: doc.line(field), Msg: fmt.Sprintf(format, args...)})
	}
	if !doc.Written.IsZero() && !doc.Date.IsZero() && dayOf(doc.Written).After(dayOf(doc.Date)) {
		bad("written", "成文日期 (written %s) is after 發布日期 (date %s)", doc.Written.Format(time.DateOnly), doc.Date.Format(time.DateOnly))
	}
	if doc.Validity != "" && !slices.Contains(validities, doc.Validity) {
		bad("validity", "validity %q must be one of %s", doc.Validity, strings.Join(validities, ", "))
	}
	if !doc.RepealedOn.IsZero() {
		made := cmp.Or(doc.Written, doc.Date)
		switch {
		case doc.Validity != Repealed && doc.Validity != Expired:
			bad("repealed_on", "repealed_on is the date a document became %s or %s: give validity too (a repeal by a document in the archive needs neither: list it in that document's repeals)", Repealed, Expired)
		case !made.IsZero() && dayOf(doc.RepealedOn).Before(dayOf(made)):
			bad("repealed_on", "repealed_on %s is before the document was made (%s)", doc.RepealedOn.Format(time.DateOnly), made.Format(time.DateOnly))
		}
	}
	if doc.Kind == KindIssue {
		parts := strings.Split(doc.Path, "/")
		if y, _ := strconv.Atoi(parts[1]); doc.Year != 0 && doc.Year != y {
			bad("year", "year %d does not match the folder %s", doc.Year, parts[1])
		}
		folder, extraFolder := strings.CutPrefix(parts[2], "z")
		if n, _ := strconv.Atoi(folder); doc.Number != 0 && doc.Number != n {
			bad("issue", "issue %d does not match the folder %s", doc.Number, parts[2])
		}
		switch {
		case doc.Extra && !extraFolder:
			bad("extra", "an extra edition (增刊) goes in a folder zNN, numbered among the year's extras: move it to %s/z01/ (or the next free zNN)", path.Dir(path.Dir(shown)))
		case extraFolder && !doc.Extra:
			bad("issue", "the folder %s is for an extra edition (增刊): add extra: true, or move the issue to a folder NN", parts[2])
		case doc.Extra && doc.Serial != 0:
			bad("serial", "an extra edition (增刊) is outside the numbering: it takes no serial (總第N期)")
		}
		if doc.Serial < 0 || doc.Number < 0 {
			bad("serial", "issue and serial must be positive")
		}
	}
	for _, a := range doc.Aliases {
		if !strings.HasPrefix(a, "/") || strings.Contains(a, "..") || strings.ContainsAny(a, "?#\\") {
			bad("aliases", "alias %q must be a site path starting with / (no .., ? or #)", a)
		}
	}
	return errs
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// linker checks what spans documents: uniqueness, references, 索引號, assets.
type linker struct {
	cfg  Config
	docs []*Document
	show func(string) string
	fsys fs.FS
	errs ErrorList
}

func (l *linker) bad(d *Document, field, format string, args ...any) {
	l.errs = append(l.errs, &Error{Path: l.show(d.Path), Line: d.line(field), Msg: fmt.Sprintf(format, args...)})
}

func (l *linker) link() ErrorList {
	slices.SortFunc(l.docs, func(a, b *Document) int { return cmp.Compare(a.Path, b.Path) })
	l.unique()
	l.indexNumbers()
	l.assets()
	l.issues()
	l.references()
	return l.errs
}

func (l *linker) unique() {
	urls := map[string]*Document{}
	numbers := map[string]*Document{}
	claim := func(m map[string]*Document, key, what, field string, d *Document) {
		if prev, ok := m[key]; ok {
			l.bad(d, field, "duplicate %s %q: also used by %s", what, key, l.show(prev.Path))
			return
		}
		m[key] = d
	}
	for _, d := range l.docs {
		claim(urls, d.URL, "URL", "slug", d)
		for _, a := range d.Aliases {
			claim(urls, strings.TrimSuffix(a, "/")+"/", "URL (alias)", "aliases", d)
		}
		if d.DocNumber != "" {
			claim(numbers, d.DocNumber, "文號 (doc_number)", "doc_number", d)
		}
	}
}

// indexNumbers checks given 索引號 and generates the missing ones.
func (l *linker) indexNumbers() {
	taken := map[string]*Document{}
	for _, d := range l.docs {
		if d.IndexNumber == "" {
			continue
		}
		if prev, ok := taken[d.IndexNumber]; ok {
			l.bad(d, "index_number", "duplicate 索引號 (index_number) %q: also used by %s", d.IndexNumber, l.show(prev.Path))
			continue
		}
		taken[d.IndexNumber] = d
	}
	for _, d := range l.docs { // sorted by path: collisions resolve in path order
		if d.IndexNumber != "" || !d.IsDisclosure() || d.Date.IsZero() {
			continue
		}
		h := fnv.New64a()
		h.Write([]byte(d.Path))
		seq := h.Sum64() % 100000000
		for {
			n := fmt.Sprintf("%s/%d-%08d", l.cfg.Organ.Code, d.Date.Year(), seq)
			if _, ok := taken[n]; !ok {
				d.IndexNumber = n
				taken[n] = d
				break
			}
			seq = (seq + 1) % 100000000
		}
	}
}

// URLSafe turns an 索引號 into a URL path segment.
func URLSafe(s string) string {
	return strings.NewReplacer("/", "-", " ", "-", "?", "-", "#", "-", "%", "-", "\\", "-").Replace(s)
}

func (l *linker) assets() {
	for _, d := range l.docs {
		dir := path.Dir(d.Path)
		for _, name := range d.attachmentNames {
			if a, ok := l.asset(d, "attachments", dir, name); ok {
				d.Attachments = append(d.Attachments, a)
			}
		}
		if d.pdfName != "" {
			if a, ok := l.asset(d, "pdf", dir, d.pdfName); ok {
				d.PDF = &a
			}
		}
	}
}

func (l *linker) asset(d *Document, field, dir, name string) (Attachment, bool) {
	if name == "" || strings.ContainsAny(name, "/\\") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".md") {
		l.bad(d, field, "%s %q must be the name of a file beside the document", field, name)
		return Attachment{}, false
	}
	p := path.Join(dir, name)
	info, err := fs.Stat(l.fsys, p)
	if err != nil || !info.Mode().IsRegular() {
		l.bad(d, field, "%s %q not found: put the file beside %s", field, name, path.Base(d.Path))
		return Attachment{}, false
	}
	typ := mime.TypeByExtension(path.Ext(name))
	if typ == "" {
		typ = "application/octet-stream"
	}
	return Attachment{Name: name, Path: p, URL: d.URL + name, Size: info.Size(), Type: typ}, true
}

// issues attaches gazette documents to their issue.
func (l *linker) issues() {
	byDir := map[string]*Document{}
	for _, d := range l.docs {
		if d.Kind == KindIssue {
			byDir[path.Dir(d.Path)] = d
		}
	}
	for _, d := range l.docs {
		if d.Kind != KindGazette {
			continue
		}
		is, ok := byDir[path.Dir(d.Path)]
		if !ok {
			l.bad(d, "title", "gazette document outside an issue: add %s/index.md", l.show(path.Dir(d.Path)))
			continue
		}
		d.Issue = is
		is.Documents = append(is.Documents, d)
		d.URL = is.URL + d.Slug + "/"
	}
}

// references resolves amends, repeals, superseded_by and interprets.
func (l *linker) references() {
	byNumber := map[string]*Document{}
	byPath := map[string]*Document{}
	for _, d := range l.docs {
		byPath[d.Path] = d
		if d.DocNumber != "" {
			byNumber[d.DocNumber] = d
		}
	}
	resolve := func(d *Document, field, ref string) *Document {
		if t, ok := byNumber[ref]; ok {
			return t
		}
		if t, ok := byPath[strings.TrimPrefix(ref, "content/")]; ok {
			return t
		}
		l.bad(d, field, "%s: %q matches no 文號 and no file under content/", field, ref)
		return nil
	}
	for _, d := range l.docs {
		for _, ref := range d.Repeals {
			if t := resolve(d, "repeals", ref); t != nil {
				d.RepealsDocs = append(d.RepealsDocs, t)
			}
		}
		for _, ref := range d.Amends {
			if t := resolve(d, "amends", ref); t != nil {
				d.AmendsDocs = append(d.AmendsDocs, t)
			}
		}
		if d.SupersededBy != "" {
			d.SupersededByDoc = resolve(d, "superseded_by", d.SupersededBy)
		}
		if d.Interprets != "" {
			d.InterpretsDoc = resolve(d, "interprets", d.Interprets)
		}
	}
}
