package serve

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gazette/cmd/gazette/internal/disk"
)

// TestResolver: /id finds a document by its 文號 in another spelling and
// script, or by its title without or with 中華人民共和國, and an article
// in it: 301 to the one that has it, 300 with the list where several do,
// 404 where none does — an article the document lacks included.
func TestResolver(t *testing.T) {
	public, index := sample(t)
	const rule = "/gazette/2025/01/2025-gov-order-120-information-disclosure/"
	// A second document of the same title, as a static host's map would
	// have it after a revision, for the 300.
	p := filepath.Join(public, filepath.FromSlash(disk.IDFile))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var m disk.IDMap
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	key := "长春市12345政务服务便民热线管理办法"
	m.Titles[key] = append(m.Titles[key], disk.IDEntry{URL: "/gazette/2026/01/hotline-revised/", Title: "長春市12345政務服務便民熱線管理辦法", Date: "2026-01-01"},
		disk.IDEntry{URL: "/gazette/2025/03/hotline/", Title: "長春市12345政務服務便民熱線管理辦法", Date: "2025-03-01"})
	data, _ = json.Marshal(m)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, public, index)
	for _, c := range []struct {
		query string
		code  int
		where string // Location, or text of the body
	}{
		{"n=" + url.QueryEscape("长春市人民政府令第120号"), 301, rule},
		{"n=" + url.QueryEscape("長春市人民政府令第120號") + "&a=7", 301, rule + "#a7"},
		{"t=" + url.QueryEscape("长春市政府信息公开规定") + "&a=16", 301, rule + "#a16"},
		{"t=" + url.QueryEscape("長春市政府信息公開規定") + "&a=99", 404, ""},
		{"t=" + url.QueryEscape("中華人民共和國種子法"), 404, ""},
		{"", 404, ""},
		{"t=" + url.QueryEscape("長春市12345政務服務便民熱線管理辦法"), 300, `<a href="/gazette/2026/01/hotline-revised/">`},
	} {
		t.Run(c.query, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/id?"+c.query, nil))
			if rec.Code != c.code {
				t.Fatalf("code %d, want %d", rec.Code, c.code)
			}
			switch c.code {
			case 301:
				if l := rec.Header().Get("Location"); l != c.where {
					t.Errorf("Location %q, want %q", l, c.where)
				}
			case 300:
				if body := rec.Body.String(); !strings.Contains(body, c.where) || strings.Count(body, "<li>") < 2 {
					t.Errorf("the list lacks %q or the others:\n%s", c.where, body)
				}
			}
		})
	}
}
