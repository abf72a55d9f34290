package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	gorilla "github.com/gorilla/feeds"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/feeds"
	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/site"
)

// run parses and runs the request's search on g. When the search cannot be
// answered it returns the status code and the message for the reader.
func (s *Server) run(r *http.Request, g *generation, sortDate bool) (search.Query, *search.Results, int, error) {
	if g.ix == nil {
		return search.Query{}, nil, http.StatusServiceUnavailable, fmt.Errorf("search is unavailable right now: %v", g.err)
	}
	q, err := search.ParseQuery(r.URL.Query())
	if err != nil {
		return q, nil, http.StatusBadRequest, err
	}
	if sortDate {
		q.Sort = search.SortDate
	}
	ctx, cancel := context.WithTimeout(r.Context(), SearchTimeout)
	defer cancel()
	res, err := g.ix.Search(ctx, q)
	switch {
	case errors.Is(err, search.ErrBadQuery):
		return q, nil, http.StatusBadRequest, err
	case errors.Is(err, context.DeadlineExceeded):
		return q, nil, http.StatusServiceUnavailable, errors.New("the search took too long; try fewer or longer words")
	case err != nil:
		s.opt.Log.Error("search", "q", q.Text, "err", err)
		return q, nil, http.StatusInternalServerError, errors.New("search failed")
	}
	return q, res, http.StatusOK, nil
}

// APIResult is the JSON shape of a search (GET /api/search, gazette search -json).
type APIResult struct {
	Query  string  `json:"query"`
	Total  int     `json:"total"`
	TookMS float64 `json:"took_ms"`
	// Relaxed are the words left out when the query as typed matched
	// nothing (search.Results.Relaxed).
	Relaxed []string                 `json:"relaxed,omitempty"`
	Page    int                      `json:"page"`
	Size    int                      `json:"size"`
	Hits    []APIHit                 `json:"hits"`
	Facets  map[string][]APIFacetVal `json:"facets"`
}

// APIHit is one hit of APIResult.
type APIHit struct {
	URL         string `json:"url"`
	Title       string `json:"title"`
	Section     string `json:"section"`
	Date        string `json:"date,omitempty"`
	DocNumber   string `json:"doc_number,omitempty"`
	IndexNumber string `json:"index_number,omitempty"`
	Organ       string `json:"organ,omitempty"`
	Validity    string `json:"validity,omitempty"`
	Snippet     string `json:"snippet"`
}

// APIFacetVal is one value of a facet with its count.
type APIFacetVal struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected,omitempty"`
}

// API converts results to their JSON shape.
func API(res *search.Results) APIResult {
	out := APIResult{Query: res.Query.Text, Total: res.Total, TookMS: float64(res.Took.Microseconds()) / 1000, Relaxed: res.Relaxed,
		Page: res.Query.Page, Size: res.Query.Size, Hits: []APIHit{}, Facets: map[string][]APIFacetVal{}}
	for _, h := range res.Hits {
		ah := APIHit{URL: h.URL, Title: h.Title, Section: h.Section, DocNumber: h.DocNumber, IndexNumber: h.IndexNumber,
			Organ: h.Organ, Validity: h.Validity, Snippet: string(h.Snippet)}
		if !h.Date.IsZero() {
			ah.Date = h.Date.Format(time.DateOnly)
		}
		out.Hits = append(out.Hits, ah)
	}
	for _, f := range res.Facets {
		vals := []APIFacetVal{}
		for _, v := range f.Values {
			vals = append(vals, APIFacetVal{v.Value, v.Count, v.Selected})
		}
		out.Facets[f.Field] = vals
	}
	return out
}

func (s *Server) searchJSON(w http.ResponseWriter, r *http.Request) {
	g := s.acquire()
	defer g.release()
	_, res, code, err := s.run(r, g, false)
	if err != nil {
		apiError(w, code, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	json.NewEncoder(w).Encode(API(res))
}

// apiError answers an /api/search request that cannot be answered:
// {"error": message}, as JSON like every answer there.
func apiError(w http.ResponseWriter, code int, err error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
}

func (s *Server) searchAtom(w http.ResponseWriter, r *http.Request) {
	g := s.acquire()
	defer g.release()
	q, res, code, err := s.run(r, g, true)
	if err != nil {
		http.Error(w, err.Error(), code)
		return
	}
	base := strings.TrimRight(g.cfg.BaseURL, "/")
	title := g.cfg.Title + " 檢索"
	if q.Text != "" {
		title += "：" + q.Text
	}
	self := base + "/search.atom?" + r.URL.RawQuery
	f := &gorilla.Feed{
		Title:       title,
		Link:        &gorilla.Link{Href: base + "/search?" + r.URL.RawQuery},
		Id:          self,
		Description: fmt.Sprintf("%s：%d件", title, res.Total),
		Author:      &gorilla.Author{Name: g.cfg.Organ.Name},
	}
	for _, h := range res.Hits {
		it := &gorilla.Item{
			Title:       h.Title,
			Link:        &gorilla.Link{Href: base + site.Href(h.URL)},
			Id:          base + site.Href(h.URL),
			Description: string(h.Snippet),
			Created:     h.Date,
			Updated:     h.Date,
		}
		if h.Organ != "" {
			it.Author = &gorilla.Author{Name: h.Organ}
		}
		if it.Updated.After(f.Updated) {
			f.Updated = it.Updated
		}
		f.Items = append(f.Items, it)
	}
	if f.Updated.IsZero() {
		f.Updated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	atom, err := f.ToAtom()
	if err != nil {
		http.Error(w, "search failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	fmt.Fprint(w, atom)
}

// View is what search.html receives as Page.Data.
type View struct {
	Q        string
	Results  *search.Results
	Error    string
	Facets   []FacetView
	Active   []FilterView // filters in force, each with a link that removes it
	SortURL  map[string]string
	Sort     string
	AtomURL  string
	Sections map[string]string // section → its title
	Form     FormView
}

// FormView fills the advanced search form: the request's values and the
// choices the index has.
type FormView struct {
	In, From, To, Organ, Category string
	Organs, Categories            []string
	Open                          bool // a field of the form is in use: show it unfolded
}

// FacetView is one facet as links.
type FacetView struct {
	Title  string
	Values []FacetLink
}

// FacetLink selects (or, when Selected, removes) one facet value.
type FacetLink struct {
	Label    string
	URL      string
	Count    int
	Selected bool
}

// FilterView is one filter in force.
type FilterView struct{ Label, RemoveURL string }

var facetTitles = map[string]string{
	"section": "欄目", "organ": "發布機構", "topic": "主題分類", "category": "類別", "year": "年份", "validity": "有效性",
}

func (s *Server) searchHTML(w http.ResponseWriter, r *http.Request) {
	g := s.acquire()
	defer g.release()
	params := r.URL.Query()
	v := &View{Q: params.Get("q"), Sections: map[string]string{}}
	for _, sec := range content.Sections {
		v.Sections[sec] = content.SectionTitle(sec, g.cfg.Language)
	}
	v.Form = FormView{In: params.Get("in"), From: params.Get("from"), To: params.Get("to"),
		Organ: params.Get("organ"), Category: params.Get("category")}
	if v.Form.In == "" {
		v.Form.In = search.InAll
	}
	v.Form.Open = v.Form.In != search.InAll || v.Form.From != "" || v.Form.To != ""
	if g.ix != nil {
		v.Form.Organs, v.Form.Categories = g.ix.Values("organ"), g.ix.Values("category")
	}
	q, res, code, err := s.run(r, g, false)
	if err != nil {
		v.Error = err.Error()
	} else {
		v.Results = res
		v.Sort = res.Query.Sort
	}
	with := func(key, val string) string {
		p := url.Values{}
		for k, vs := range params {
			p[k] = vs
		}
		p.Del("page")
		if val == "" {
			p.Del(key)
		} else {
			p.Set(key, val)
		}
		return "/search?" + p.Encode()
	}
	v.SortURL = map[string]string{search.SortRelevance: with("sort", ""), search.SortDate: with("sort", search.SortDate)}
	v.AtomURL = "/search.atom?" + r.URL.RawQuery
	if res != nil {
		v.facets(res, g.cfg.Language, with)
	}
	title := "全文檢索"
	if q.Text != "" {
		title = q.Text + " - 檢索結果"
	}
	self := "/search"
	if r.URL.RawQuery != "" {
		// The page is this search: the reading-mode switch comes back to it.
		self += "?" + r.URL.RawQuery
	}
	p := &site.Page{
		Site:   site.NewInfo(g.cfg),
		Kind:   "search",
		Title:  title,
		URL:    self,
		Crumbs: []site.Crumb{{Title: "首頁", URL: "/"}, {Title: "全文檢索"}},
		Data:   v,
	}
	if res != nil {
		p.Pager = pager(res, with)
		p.Feeds = []feeds.Link{{Title: title + " (Atom)", URL: v.AtomURL, Type: "application/atom+xml"}}
	}
	body, terr := g.tmpl.Execute("search.html", p)
	if terr != nil {
		s.opt.Log.Error("search page", "err", terr)
		http.Error(w, "search failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(body)
}

// facets fills in the facets of res and the filters in force, each a link
// (with) that adds or removes it.
func (v *View) facets(res *search.Results, lang string, with func(k, v string) string) {
	for _, f := range res.Facets {
		fv := FacetView{Title: facetTitles[f.Field]}
		for _, val := range f.Values {
			label := val.Value
			if f.Field == "section" {
				label = content.SectionTitle(val.Value, lang)
			}
			link := FacetLink{Label: label, Count: val.Count, Selected: val.Selected, URL: with(f.Field, val.Value)}
			if val.Selected {
				link.URL = with(f.Field, "")
				v.Active = append(v.Active, FilterView{facetTitles[f.Field] + "：" + label, link.URL})
			}
			fv.Values = append(fv.Values, link)
		}
		if len(fv.Values) > 0 {
			v.Facets = append(v.Facets, fv)
		}
	}
}

func pager(res *search.Results, with func(k, v string) string) *site.Pager {
	size := max(res.Query.Size, 1)
	pages := min((res.Total+size-1)/size, search.MaxWindow/size)
	if pages <= 1 {
		return nil
	}
	n := res.Query.Page
	url := func(i int) string { return with("page", strconv.Itoa(i)) }
	pg := &site.Pager{Page: n, Pages: pages}
	if n > 1 {
		pg.Prev = url(n - 1)
	}
	if n < pages {
		pg.Next = url(n + 1)
	}
	for i := max(1, n-4); i <= min(pages, n+4); i++ {
		pg.Links = append(pg.Links, site.PageLink{N: i, URL: url(i), Current: i == n})
	}
	return pg
}
