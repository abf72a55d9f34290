package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// tree is the content of one size, laid out for gazette and for Hugo.
type tree struct {
	n       int
	dir     string // everything for this size
	content string // gazette's content/ (scale.sh's output + site.yaml)
	out     string // gazette's public/, index/ and any cache: emptied for a cold build
	hugo    string // the Hugo site: config, layouts, content/ copy, public/
	logs    string
	docs    []doc // the documents, issue pages left out, sorted by path
	issues  int
	took    time.Duration // scaling and copying, not timed as a step
}

// doc is what the benchmark needs of a document's front matter.
type doc struct {
	path      string // slash-separated, under content/
	title     string
	docNumber string
	organ     string
	validity  string
	date      string // YYYY-MM-DD
}

func (t *tree) public() string { return filepath.Join(t.out, "public") }
func (t *tree) index() string  { return filepath.Join(t.out, "index") }
func (t *tree) cache() string  { return filepath.Join(t.out, "cache") }

// prepare writes n documents from the corpus into work/<n>: gazette's content
// with site.yaml, and Hugo's copy of it.
func prepare(ctx context.Context, e *env, n int) (*tree, error) {
	return prepareIn(ctx, e, n, strconv.Itoa(n))
}

// prepareIn is prepare into work/<name>.
func prepareIn(ctx context.Context, e *env, n int, name string) (*tree, error) {
	start := time.Now()
	dir := filepath.Join(e.work, name)
	t := &tree{n: n, dir: dir, content: filepath.Join(dir, "content"), out: filepath.Join(dir, "out"),
		hugo: filepath.Join(dir, "hugo"), logs: filepath.Join(dir, "logs")}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(t.logs, 0o755); err != nil {
		return nil, err
	}
	scale := filepath.Join(e.corpus, "scale.sh")
	if out, err := command(ctx, "", "bash", scale, strconv.Itoa(n), dir); err != nil {
		return nil, fmt.Errorf("%s %d: %v\n%s", scale, n, err, out)
	}
	site, err := os.ReadFile(filepath.Join(e.root, "content", "site.yaml"))
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(t.content, "site.yaml"), site, 0o644); err != nil {
		return nil, err
	}
	if err := t.copyForHugo(); err != nil {
		return nil, fmt.Errorf("hugo copy: %w", err)
	}
	t.took = time.Since(start)
	return t, nil
}

// copyForHugo copies the gazette tree to hugo/content, reading each
// document's front matter on the way. Hugo treats index.md as a leaf bundle,
// which would swallow the issue's documents, so issue pages become _index.md
// (branch bundles), and each year gets an _index.md as gazette has a page
// per year.
func (t *tree) copyForHugo() error {
	src := filepath.Join(t.content, "gazette")
	dst := filepath.Join(t.hugo, "content", "gazette")
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			if depth := strings.Count(filepath.ToSlash(rel), "/"); rel != "." && depth == 0 {
				return os.WriteFile(filepath.Join(target, "_index.md"),
					fmt.Appendf(nil, "---\ntitle: \"%s年\"\n---\n", d.Name()), 0o644)
			}
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if d.Name() == "index.md" {
			t.issues++
			target = filepath.Join(filepath.Dir(target), "_index.md")
		} else if strings.HasSuffix(d.Name(), ".md") {
			t.docs = append(t.docs, frontMatter(filepath.ToSlash(filepath.Join("gazette", rel)), b))
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		return err
	}
	sort.Slice(t.docs, func(i, j int) bool { return t.docs[i].path < t.docs[j].path })
	return writeHugoSite(t.hugo)
}

// frontMatter reads title, doc_number, organ, validity and date from a
// document's front matter; the corpus writes one "key: value" per line,
// strings JSON-quoted.
func frontMatter(path string, b []byte) doc {
	d := doc{path: path}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for i := 0; sc.Scan(); i++ {
		line := sc.Text()
		if i > 0 && line == "---" {
			break
		}
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		if u, err := strconv.Unquote(strings.TrimSpace(v)); err == nil {
			v = u
		}
		switch k {
		case "title":
			d.title = strings.TrimSpace(v)
		case "doc_number":
			d.docNumber = strings.TrimSpace(v)
		case "organ":
			d.organ = strings.TrimSpace(v)
		case "validity":
			d.validity = strings.TrimSpace(v)
		case "date":
			d.date = strings.TrimSpace(v)
		}
	}
	return d
}

// The Hugo site: the three layouts the issue names (single, list, RSS) and a
// home page, as small as they can be while still showing what gazette shows
// on a document (title, date, 文號, organ, body) and on a list (titles and
// dates). Taxonomies are organ, topic and tags, like gazette's organ and
// topic pages. Feeds hold the newest 50 items, like gazette's feed_items, and
// their summaries.
var hugoFiles = map[string]string{
	"config.toml": `baseURL = "https://gazette.example.org/"
languageCode = "zh-Hant"
title = "長春市人民政府辦公廳"
[taxonomies]
organ = "organ"
topic = "topic"
tag = "tags"
`,
	"layouts/_default/single.html": `<!doctype html>
<html lang="{{ .Site.LanguageCode }}"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }} {{ with .Params.doc_number }}{{ . }}{{ end }} {{ with .Params.organ }}{{ . }}{{ end }}</p>
{{ .Content }}</main></body></html>
`,
	"layouts/_default/list.html": `<!doctype html>
<html lang="{{ .Site.LanguageCode }}"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
</main></body></html>
`,
	"layouts/_default/rss.xml": `<rss version="2.0"><channel><title>{{ .Title }} - {{ .Site.Title }}</title><link>{{ .Permalink }}</link>
{{ range first 50 .Pages }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid><pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate><description>{{ .Summary | html }}</description></item>
{{ end }}</channel></rss>
`,
}

func init() { hugoFiles["layouts/index.html"] = hugoFiles["layouts/_default/list.html"] }

func writeHugoSite(dir string) error {
	for name, text := range hugoFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// dirSize is the bytes of the regular files under dir, which may be a
// symbolic link to the real directory.
func dirSize(dir string) int64 {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
