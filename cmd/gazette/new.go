package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"gazette/cmd/gazette/internal/content"
)

// newKinds are the kinds gazette new makes, as named on its command line.
var newKinds = map[string]content.Kind{
	"gazette-doc": content.KindGazette, "briefing": content.KindBriefing, "news": content.KindNews,
	"issue": content.KindIssue, "page": content.KindPage, "report": content.KindReport,
}

var issueFlagRe = regexp.MustCompile(`^([0-9]{4})/([0-9]{1,2})$`)

// runNew writes a new document with every required field filled in.
//
// Where: a gazette issue goes to gazette/<year>/<NN>/index.md, the next
// issue of this year unless -issue names one, with the next serial; a
// gazette document into the -issue given, or the newest issue; briefings and
// news under this year; pages under pages/.
//
// The slug (file name) of a title without Chinese characters is its ASCII
// words, lower case, joined by hyphens ("2025 GDP Report" → "2025-gdp-report").
// A title with Chinese characters gets <kind>-<yyyymmdd>-<n>, n the first
// free number that day ("briefing-20261126-1"): readable, sortable, and never
// a transliteration an editor has to check. Rename the file (or set slug:)
// before publishing for a better URL.
//
// Disclosure documents get index_number written in: the same 索引號 the
// build would generate for that path, fixed in the file so that moving it
// later cannot change it.
//
// A report (gazette new [-year Y] report [TITLE]) goes to reports/<Y>.md,
// last year's by default, with the figures the archive computes filled in
// and every other figure 0 (see newReport).
func runNew(ctx context.Context, e *env, args []string) int {
	fl := e.flags("new")
	contentDir := fl.String("content", "content", "content `dir`ectory")
	issueFlag := fl.String("issue", "", "the gazette issue, `YYYY/NN`: where a gazette-doc goes, or which issue to create")
	yearFlag := fl.Int("year", 0, "the `year` of a report (default: last year)")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if fl.Arg(0) == "report" && fl.NArg() <= 2 {
		p, err := newReport(ctx, *contentDir, strings.TrimSpace(fl.Arg(1)), *yearFlag, e.now())
		if err != nil {
			fmt.Fprintf(e.stderr, "gazette new: %v\n", err)
			return 1
		}
		fmt.Fprintln(e.stdout, filepath.Join(*contentDir, filepath.FromSlash(p)))
		return 0
	}
	if fl.NArg() != 2 {
		fl.Usage()
		return 2
	}
	kind, ok := newKinds[fl.Arg(0)]
	title := strings.TrimSpace(fl.Arg(1))
	if !ok || title == "" || kind == content.KindReport {
		fmt.Fprintf(e.stderr, "gazette new: want a kind (gazette-doc, briefing, news, issue, page or report) and a title\n")
		fl.Usage()
		return 2
	}
	var year, number int
	if *issueFlag != "" {
		m := issueFlagRe.FindStringSubmatch(*issueFlag)
		if m == nil {
			fmt.Fprintf(e.stderr, "gazette new: -issue %q: want YYYY/NN, e.g. 2026/01\n", *issueFlag)
			return 2
		}
		year, _ = strconv.Atoi(m[1])
		number, _ = strconv.Atoi(m[2])
	}
	p, err := newDocument(ctx, *contentDir, kind, title, year, number, e.now())
	if err != nil {
		fmt.Fprintf(e.stderr, "gazette new: %v\n", err)
		return 1
	}
	fmt.Fprintln(e.stdout, filepath.Join(*contentDir, filepath.FromSlash(p)))
	return 0
}

// newDocument writes the file and returns its path under dir.
func newDocument(ctx context.Context, dir string, kind content.Kind, title string, year, number int, now time.Time) (string, error) {
	fsys := contentFS(dir)
	s, err := content.Load(ctx, fsys, content.Options{Now: now, Drafts: true, Root: dir})
	if err != nil {
		return "", fmt.Errorf("the content has errors; fix them first (gazette check):\n%w", err)
	}
	today := now.In(s.Config.Location)
	date := today.Format(time.DateOnly)
	var issues []*content.Document // extra editions (增刊) are outside the numbering
	for _, d := range s.All {
		if d.Kind == content.KindIssue && !d.Extra {
			issues = append(issues, d)
		}
	}
	var fm strings.Builder
	fmt.Fprintf(&fm, "title: %s\n", quote(title))
	var p string
	switch kind {
	case content.KindIssue:
		return newIssue(dir, issues, &fm, year, number, today)
	case content.KindGazette:
		var is *content.Document
		for _, d := range issues {
			if year != 0 && d.Year == year && d.Number == number || year == 0 && (is == nil || d.Year > is.Year || d.Year == is.Year && d.Number > is.Number) {
				is = d
			}
		}
		if is == nil {
			if year != 0 {
				return "", fmt.Errorf("no issue %d/%02d: create it first with gazette new -issue %d/%02d issue TITLE", year, number, year, number)
			}
			return "", errors.New("no gazette issue yet: create one first with gazette new issue TITLE")
		}
		p = path.Dir(is.Path) + "/" + slug(dir, path.Dir(is.Path), "gazette-doc", title, today)
	case content.KindBriefing:
		p = fmt.Sprintf("briefings/%d/", today.Year())
		p += slug(dir, p, "briefing", title, today)
	case content.KindNews:
		p = fmt.Sprintf("news/%d/", today.Year())
		p += slug(dir, p, "news", title, today)
	case content.KindPage:
		p = "pages/" + slug(dir, "pages", "page", title, today)
		return p, create(dir, p, fm.String(), "正文……\n")
	}
	fmt.Fprintf(&fm, "date: %s\n", date)
	if kind != content.KindNews {
		fmt.Fprintf(&fm, "organ: %s\n", quote(s.Config.Organ.Name))
	}
	fmt.Fprintf(&fm, "# written: %s          # 成文日期\n# doc_number: 長府發〔%d〕N號   # 文號\n# category: \n# topic: \n", date, today.Year())
	// Write it once without 索引號, load, and take the one the build generates.
	if err := create(dir, p, fm.String(), "正文……\n"); err != nil {
		return "", err
	}
	s2, err := content.Load(ctx, fsys, content.Options{Now: now, Drafts: true, Root: dir})
	if err != nil {
		os.Remove(filepath.Join(dir, filepath.FromSlash(p)))
		return "", err
	}
	for _, d := range s2.All {
		if d.Path == p && d.IndexNumber != "" {
			text := "---\n" + fm.String() + "index_number: " + d.IndexNumber + "\n---\n正文……\n"
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(text), 0o644); err != nil {
				return "", err
			}
		}
	}
	return p, nil
}

// newIssue writes the issue year/number (0/0: the next of today's year)
// after issues, with the next serial, the front matter so far in fm.
func newIssue(dir string, issues []*content.Document, fm *strings.Builder, year, number int, today time.Time) (string, error) {
	if year == 0 {
		year = today.Year()
		for _, is := range issues {
			if is.Year == year && is.Number >= number {
				number = is.Number
			}
		}
		number++
	}
	serial := 0
	for _, is := range issues {
		if is.Year == year && is.Number == number {
			return "", fmt.Errorf("issue %d/%02d exists: %s", year, number, path.Join(dir, is.Path))
		}
		if is.Year < year || is.Year == year && is.Number < number {
			serial = max(serial, is.Serial)
		}
	}
	p := fmt.Sprintf("gazette/%d/%02d/index.md", year, number)
	fmt.Fprintf(fm, "year: %d\nissue: %d\nserial: %d\ndate: %s\n", year, number, serial+1, today.Format(time.DateOnly))
	return p, create(dir, p, fm.String(), "本期導讀……\n")
}

// quote is v as a YAML string: JSON's quoting, which YAML reads.
func quote(v string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // a string always encodes
	return strings.TrimSpace(b.String())
}

// create writes a new file, refusing to replace one.
func create(dir, p, fm, body string) error {
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists; not overwriting it", full)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString("---\n" + fm + "---\n" + body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// slug returns a free file name in folder under dir for title.
func slug(dir, folder, kind, title string, today time.Time) string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range strings.ToLower(title) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			w.WriteRune(r)
		} else {
			flush()
		}
	}
	flush()
	base := strings.Join(words, "-")
	if strings.IndexFunc(title, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		base = "" // "12345" out of a Chinese title says nothing
	}
	if len(base) > 60 {
		base = strings.TrimRight(base[:60], "-")
	}
	if base == "" {
		base = fmt.Sprintf("%s-%s", kind, today.Format("20060102"))
	} else if exists(dir, folder, base) {
		base += "-" + today.Format("20060102")
	} else {
		return base + ".md"
	}
	for n := 1; ; n++ {
		name := fmt.Sprintf("%s-%d", base, n)
		if !exists(dir, folder, name) {
			return name + ".md"
		}
	}
}

func exists(dir, folder, name string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(folder), name+".md"))
	return err == nil
}
