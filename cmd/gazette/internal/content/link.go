package content

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"io/fs"
	"mime"
	"path"
	"slices"
	"strings"

	"gazette/cmd/gazette/internal/zh"
)

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
	}
	l.docNumbers()
}

// docNumberKey is the key under which two spellings of one 文號 are one:
// zh.DocNumberKey, or the 文號 itself when it is nothing but brackets.
func docNumberKey(n string) string { return cmp.Or(zh.DocNumberKey(n), n) }

// docNumbers reports a 文號 that two documents carry, in any spelling
// (長府辦發[2025]2號 and 长府办发〔2025〕2号 are one), at each of them,
// naming the others and how they write it.
func (l *linker) docNumbers() {
	byKey := map[string][]*Document{}
	var keys []string
	for _, d := range l.docs {
		if d.DocNumber == "" {
			continue
		}
		k := docNumberKey(d.DocNumber)
		if byKey[k] == nil {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], d)
	}
	for _, k := range keys {
		ds := byKey[k]
		if len(ds) < 2 {
			continue
		}
		for _, d := range ds {
			var others []string
			for _, o := range ds {
				switch {
				case o == d:
				case o.DocNumber == d.DocNumber:
					others = append(others, l.show(o.Path))
				default:
					others = append(others, fmt.Sprintf("%s, written %q", l.show(o.Path), o.DocNumber))
				}
			}
			l.bad(d, "doc_number", "duplicate 文號 (doc_number) %q: also used by %s", d.DocNumber, strings.Join(others, "; "))
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
		for _, name := range d.imageNames {
			if a, ok := l.image(d, dir, name); ok {
				d.Images = append(d.Images, a)
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
	if info, err := fs.Lstat(l.fsys, p); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return Attachment{}, false // an error at its own path (see linkError)
	}
	info, err := fs.Stat(l.fsys, p)
	if err != nil || !info.Mode().IsRegular() {
		l.bad(d, field, "%s %q not found: put the file beside %s", field, name, path.Base(d.Path))
		return Attachment{}, false
	}
	return published(d, name, p, info.Size()), true
}

// published is the file p, named name beside d, as the build publishes it.
func published(d *Document, name, p string, size int64) Attachment {
	typ := mime.TypeByExtension(path.Ext(name))
	if typ == "" {
		typ = "application/octet-stream"
	}
	return Attachment{Name: name, Path: p, URL: d.URL + name, Size: size, Type: typ}
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

// references resolves amends, repeals, superseded_by, previous and
// interprets.
func (l *linker) references() {
	byNumber := map[string]*Document{}
	byPath := map[string]*Document{}
	for _, d := range l.docs {
		byPath[d.Path] = d
		if d.DocNumber != "" {
			byNumber[docNumberKey(d.DocNumber)] = d
		}
	}
	resolve := func(d *Document, field, ref string) *Document {
		if t, ok := byNumber[docNumberKey(ref)]; ok {
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
		if d.Previous != "" {
			d.PreviousDoc = resolve(d, "previous", d.Previous)
		}
	}
	l.versionCycles()
}

// versionCycles reports a document whose chain of previous: versions
// comes back to it, and cuts the chain there: a work's versions follow one
// another in time.
func (l *linker) versionCycles() {
	for _, d := range l.docs {
		seen := map[*Document]bool{d: true}
		for t := d.PreviousDoc; t != nil; t = t.PreviousDoc {
			if seen[t] {
				l.bad(d, "previous", "previous: %q leads back to %s: the versions of a work cannot go round", d.Previous, l.show(d.Path))
				d.PreviousDoc = nil
				break
			}
			seen[t] = true
		}
	}
}
