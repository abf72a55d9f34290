package console

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/accounts"
	"gazette/cmd/gazette/internal/record"
	"gazette/cmd/gazette/internal/zh"
)

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"status": statusLabel,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"roles": func(rs []accounts.Role) string {
		var out []string
		for _, r := range rs {
			out = append(out, string(r))
		}
		return strings.Join(out, "、")
	},
}).ParseFS(uiFS, "ui/*.html"))

// statusLabel is a draft's status as the office says it.
func statusLabel(s record.Status) string {
	switch s {
	case record.Review:
		return "待審核"
	case record.Ready:
		return "待簽發"
	}
	return "起草中"
}

// render writes a page of the console, in the site's script.
func (s *Server) render(w http.ResponseWriter, code int, name string, data map[string]any) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		s.log.Error("console page", "page", name, "err", err)
		http.Error(w, "page failed", http.StatusInternalServerError)
		return
	}
	out := b.String()
	if s.siteLang() == "zh-Hans" {
		if c, err := zh.T2S(); err == nil {
			out = c.String(out)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write([]byte(out))
}

func (s *Server) siteLang() string {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if ix := s.staff.ready(ctx); ix != nil {
		return ix.cfg.Language
	}
	return "zh-Hant"
}

func (s *Server) siteTitle() string {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if ix := s.staff.ready(ctx); ix != nil {
		return ix.cfg.Title
	}
	return "gazette"
}

// draftRow is a draft of the workflow, as the home page and the search list it.
type draftRow struct {
	Key, Title, Path string
	Status           record.Status
	Authors          string
	Approver         string
	Updated          time.Time
	Edit             string // the draft in Decap's workflow
}

// drafts lists the workflow's drafts whose key, title or path matches q
// ("" for all).
func (s *Server) drafts(q string) ([]draftRow, error) {
	keys, err := s.opt.Repo.Drafts()
	if err != nil {
		return nil, err
	}
	words, _ := queryWords(q)
	var out []draftRow
	for _, k := range keys {
		coll, slug, _ := strings.Cut(k, "/")
		d, err := s.opt.Repo.Draft(coll, slug)
		if err != nil {
			continue // deleted meanwhile
		}
		row := draftRow{Key: k, Status: d.Status, Updated: d.Updated, Edit: "/cms/#/collections/" + coll + "/entries/" + slug}
		var names []string
		for _, a := range d.Authors {
			names = append(names, a.Name)
		}
		row.Authors = strings.Join(names, "、")
		if d.Approver != nil {
			row.Approver = d.Approver.Name
		}
		for _, f := range d.Files {
			if strings.HasSuffix(f.Path, ".md") && !f.Blob.IsZero() && row.Path == "" {
				row.Path = f.Path
				if data, ok, _ := s.opt.Repo.File(d.Tip, f.Path); ok {
					row.Title = frontTitle(data)
				}
			}
		}
		key := zh.Fold(row.Key + "\x00" + row.Title + "\x00" + row.Path)
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(key, w) }) {
			out = append(out, row)
		}
	}
	slices.SortFunc(out, func(a, b draftRow) int { return b.Updated.Compare(a.Updated) })
	return out, nil
}

// frontTitle is the title line of a Markdown file's front matter.
func frontTitle(data []byte) string {
	for i, l := range strings.Split(string(data), "\n") {
		if i > 0 && strings.TrimSpace(l) == "---" {
			break
		}
		if v, ok := strings.CutPrefix(l, "title:"); ok {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	p := whoOf(r)
	rows, err := s.drafts("")
	if err != nil {
		s.log.Error("listing drafts", "err", err)
	}
	s.render(w, http.StatusOK, "home.html", map[string]any{"User": p.user, "CSRF": p.session.CSRF, "Drafts": rows,
		"Site": s.siteTitle(), "Branch": s.opt.Repo.Published()})
}

func (s *Server) cmsPage(w http.ResponseWriter, r *http.Request) {
	p := whoOf(r)
	s.render(w, http.StatusOK, "cms.html", map[string]any{"User": p.user, "CSRF": p.session.CSRF, "Site": s.siteTitle()})
}

func (s *Server) configYAML(w http.ResponseWriter, r *http.Request) {
	c, err := s.config(r.Context())
	if err != nil {
		s.log.Error("console configuration", "err", err)
		http.Error(w, "the configuration could not be made: see the console's log", http.StatusInternalServerError)
		return
	}
	data, err := c.yaml()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/yaml; charset=utf-8")
	w.Write(data)
}

// searchPage is how many documents a page of the staff search lists.
const searchPage = 50

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	p := whoOf(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	start := time.Now()
	ix, err := s.staff.index(r.Context())
	if err != nil {
		s.log.Error("staff index", "err", err)
		http.Error(w, "the index could not be loaded: see the console's log", http.StatusServiceUnavailable)
		return
	}
	docs, total := ix.search(q, page, searchPage)
	var rows []draftRow
	if page == 1 {
		rows, _ = s.drafts(q)
	}
	pages := (total + searchPage - 1) / searchPage
	s.render(w, http.StatusOK, "search.html", map[string]any{"User": p.user, "CSRF": p.session.CSRF, "Site": s.siteTitle(),
		"Q": q, "Docs": docs, "Drafts": rows, "Total": total, "Page": page, "Pages": pages,
		"Prev": page - 1, "Next": page + 1, "HasNext": page < pages, "Took": time.Since(start).Round(time.Millisecond)})
}

// refs answers the 文號 picker: [{value, label}].
func (s *Server) refs(w http.ResponseWriter, r *http.Request) {
	ix, err := s.staff.index(r.Context())
	if err != nil {
		http.Error(w, "index unavailable", http.StatusServiceUnavailable)
		return
	}
	type ref struct {
		Value string `json:"value"`
		Label string `json:"label"`
	}
	out := []ref{}
	if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" {
		for _, d := range ix.refs(q, 20) {
			out = append(out, ref{d.DocNumber, d.DocNumber + " " + d.Title})
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(out)
}
