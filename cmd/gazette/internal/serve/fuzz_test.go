package serve

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzSearchHandler sends arbitrary query strings and paths to the search
// endpoints and the file server: the answer is never a 5xx and never a
// panic. A bad parameter is a 400.
func FuzzSearchHandler(f *testing.F) {
	for _, seed := range []string{
		"q=%E4%BE%9B%E7%86%B1", "q=", "q=%ff%fe", "q=" + strings.Repeat("長", 300), "q=x&year=-1", "q=x&year=99999999999999999999",
		"q=x&page=0", "q=x&page=10001", "q=x&size=1000000", "q=x&from=2025-02-30", "q=x&to=abc", "q=x&sort=random",
		"q=*&section=%00", "q=%22%3E%3Cscript%3E", "q=a%20b%20c%20d%20e%20f%20g%20h%20i%20j%20k", "q=x&validity=%E5%BB%A2%E6%AD%A2",
		"q=x;y", "q=%", "q=x&q=y&q=z", "organ=%E9%95%B7&topic=&category=x",
	} {
		f.Add("/search", seed)
		f.Add("/api/search", seed)
	}
	f.Add("/search.atom", "q=x")
	f.Add("/../etc/passwd", "")
	f.Add("/gazette/%2e%2e/", "")
	public, index := sample(f)
	s := newServer(f, public, index)
	f.Fuzz(func(t *testing.T, path, rawQuery string) {
		u := &url.URL{Path: path, RawQuery: rawQuery}
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \t\r\n") {
			return // not a request line a client can send
		}
		r := httptest.NewRequest("GET", "http://gazette.test/", nil)
		r.URL = u
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("GET %s?%s = %d: %s", path, rawQuery, rec.Code, rec.Body.String())
		}
	})
}
