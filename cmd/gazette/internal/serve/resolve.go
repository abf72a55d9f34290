package serve

import (
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/law"
	"gazette/cmd/gazette/internal/zh"
)

// resolve answers /id?n=<文號> and /id?t=<title>, with &a=<article> (12,
// 5-1) for an article: 301 to the one document (and its #a12) that has
// it, 300 with the list where several do, 404 where none does or the one
// that does lacks the article. A title is matched as law.TitleKey folds it
// (either script, with or without 中華人民共和國), a 文號 in any spelling;
// the map is the build's (disk.IDFile).
func (s *Server) resolve(w http.ResponseWriter, r *http.Request) {
	g := s.acquire()
	defer g.release()
	m, err := g.idMap()
	if err != nil {
		http.Error(w, "the resolver's map cannot be read: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	q := r.URL.Query()
	var found []disk.IDEntry
	switch {
	case q.Get("n") != "":
		found = m.Numbers[zh.DocNumberKey(q.Get("n"))]
	case q.Get("t") != "":
		found = m.Titles[law.TitleKey(q.Get("t"))]
	}
	anchor := ""
	if a := strings.TrimSpace(q.Get("a")); a != "" {
		anchor = "a" + strings.TrimPrefix(a, "a")
		found = slices.DeleteFunc(slices.Clone(found), func(e disk.IDEntry) bool { return !slices.Contains(e.Articles, anchor) })
	}
	target := func(e disk.IDEntry) string { return (&url.URL{Path: e.URL, Fragment: anchor}).String() }
	switch len(found) {
	case 0:
		s.notFound(w, g.files, strings.TrimPrefix(r.URL.Path, "/"))
	case 1:
		http.Redirect(w, r, target(found[0]), http.StatusMovedPermanently)
	default:
		slices.SortFunc(found, func(x, y disk.IDEntry) int { return strings.Compare(y.Date, x.Date) })
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusMultipleChoices)
		choices.Execute(w, struct {
			Found  []disk.IDEntry
			Target func(disk.IDEntry) string
		}{found, target})
	}
}

var choices = template.Must(template.New("choices").Parse(`<!doctype html>
<html lang="zh-Hant"><meta charset="utf-8"><title>多個文件符合</title>
<h1>多個文件符合</h1>
<ul>{{range .Found}}
<li><a href="{{call $.Target .}}">{{.Title}}</a>（{{.Date}}起施行）</li>{{end}}
</ul>
</html>
`))

// idMap reads the generation's resolver map, once.
func (g *generation) idMap() (*disk.IDMap, error) {
	g.ids.once.Do(func() {
		data, err := fs.ReadFile(g.files, disk.IDFile)
		if err != nil {
			g.ids.err = err
			return
		}
		g.ids.m = &disk.IDMap{}
		g.ids.err = json.Unmarshal(data, g.ids.m)
	})
	return g.ids.m, g.ids.err
}
