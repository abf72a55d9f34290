package content

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
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

	// Partial returns, with the ErrorList of a tree that has errors, the
	// Site of what loaded: every file that could be parsed, with what of
	// it could be read. It is for gazette check, which reports what else
	// is wrong beside the errors, and for what a failed build and gazette
	// schedule say is waiting; nothing may be built from it.
	Partial bool
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
// returns an ErrorList holding every error found, and a nil Site unless
// Options.Partial asks for what loaded.
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
		var werrs ErrorList
		if mdPaths, werrs, err = sources(fsys, opt.Root); err != nil {
			return nil, fmt.Errorf("walking content: %w", err)
		}
		errs = append(errs, werrs...)
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
		if !opt.Partial {
			return nil, errs
		}
	}
	site := &Site{Config: cfg, All: docs, Now: opt.Now, drafts: opt.Drafts, Parsed: int(parsed.Load())}
	if site.Documents, err = publish(docs, opt, cfg); err != nil {
		return nil, err
	}
	for _, d := range site.Documents {
		site.Assets = append(site.Assets, d.Attachments...)
		site.Assets = append(site.Assets, d.Images...)
		if d.PDF != nil {
			site.Assets = append(site.Assets, *d.PDF)
		}
	}
	if len(errs) > 0 {
		return site, errs
	}
	return site, nil
}

// sources walks the content for the source files, and the errors of the
// walk: what cannot be read, and every symbolic link (root is how paths
// are shown).
func sources(fsys fs.FS, root string) (paths []string, errs ErrorList, err error) {
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &Error{Path: path.Join(root, p), Msg: err.Error()})
			return nil
		}
		if d.IsDir() && p != "." && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if d.Type()&fs.ModeSymlink != 0 && !strings.HasPrefix(d.Name(), ".") {
			errs = append(errs, linkError(fsys, p, root))
			return nil
		}
		if isSource(p, d) {
			paths = append(paths, p)
		}
		return nil
	})
	return paths, errs, err
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
	d := &decoder{path: shown, offset: 1, loc: cfg.Location, earliest: cfg.Earliest}
	d.frontMatter(doc, fm)
	doc.lines = d.lines
	doc.imageNames = bodyImages(body)
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
