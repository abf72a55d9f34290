package serve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestReadingMode: the mode links set and clear the cookie and send the
// reader back to the page, never off the site; mode.css follows the cookie
// and no shared cache may keep it.
func TestReadingMode(t *testing.T) {
	public, index := sample(t)
	s := newServer(t, public, index)
	get := func(target, cookie string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", target, nil)
		if cookie != "" {
			r.Header.Set("Cookie", cookie)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		return rec
	}

	on := get("/mode/elder?to=%2Forgans%2F%E9%95%B7%E6%98%A5%2F%3Fpage%3D2", "")
	if on.Code != http.StatusSeeOther || on.Header().Get("Location") != "/organs/%E9%95%B7%E6%98%A5/?page=2" {
		t.Errorf("/mode/elder: %d to %q", on.Code, on.Header().Get("Location"))
	}
	cookies := on.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != modeCookie || cookies[0].Value != modeElder || cookies[0].MaxAge < 30*24*3600 || cookies[0].Path != "/" {
		t.Fatalf("/mode/elder set %v", cookies)
	}
	off := get("/mode/standard?to=/gazette/", modeCookie+"=elder")
	if c := off.Result().Cookies(); off.Code != http.StatusSeeOther || len(c) != 1 || c[0].MaxAge >= 0 || off.Header().Get("Location") != "/gazette/" {
		t.Errorf("/mode/standard: %d to %q, cookies %v", off.Code, off.Header().Get("Location"), c)
	}
	for _, to := range []string{"", "//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "gazette/", "%2F%2Fevil.example"} {
		if loc := get("/mode/elder?to="+to, "").Header().Get("Location"); loc != "/" {
			t.Errorf("to=%s redirects to %q, want /", to, loc)
		}
	}
	if rec := get("/mode/other", ""); rec.Code != http.StatusNotFound || len(rec.Result().Cookies()) != 0 {
		t.Errorf("/mode/other: %d, cookies %v", rec.Code, rec.Result().Cookies())
	}

	std, old := get("/assets/mode.css", ""), get("/assets/mode.css", modeCookie+"=elder")
	if std.Code != 200 || !strings.Contains(std.Body.String(), "standard mode") || strings.Contains(std.Body.String(), ".to-elder { display: none") {
		t.Errorf("mode.css without the cookie: %d %.60q", std.Code, std.Body.String())
	}
	if old.Code != 200 || !strings.Contains(old.Body.String(), ".to-elder { display: none") {
		t.Errorf("mode.css with the cookie: %d %.60q", old.Code, old.Body.String())
	}
	for _, rec := range []*httptest.ResponseRecorder{std, old} {
		if !strings.Contains(rec.Header().Get("Vary"), "Cookie") || !strings.Contains(rec.Header().Get("Cache-Control"), "private") {
			t.Errorf("mode.css: Vary %q, Cache-Control %q", rec.Header().Get("Vary"), rec.Header().Get("Cache-Control"))
		}
	}
	if std.Header().Get("ETag") == old.Header().Get("ETag") {
		t.Error("both modes' mode.css have one ETag: a browser would keep the wrong one")
	}
}

// TestModeCookieSecure: a reader who came over HTTPS, to the server or to
// the proxy in front (X-Forwarded-Proto), gets the mode cookie Secure, so it
// never travels in clear; over plain HTTP (serve on an editor's machine) it
// is not, or the browser would drop it.
func TestModeCookieSecure(t *testing.T) {
	public, index := sample(t)
	s := newServer(t, public, index)
	for _, c := range []struct {
		proto  string
		secure bool
	}{{"https", true}, {"", false}, {"http", false}} {
		for _, path := range []string{"/mode/elder?to=/", "/mode/standard?to=/"} {
			r := httptest.NewRequest("GET", path, nil)
			if c.proto != "" {
				r.Header.Set("X-Forwarded-Proto", c.proto)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			cookies := rec.Result().Cookies()
			if len(cookies) != 1 || cookies[0].Secure != c.secure || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteLaxMode {
				t.Errorf("%s with X-Forwarded-Proto %q: Set-Cookie %q, want Secure %v, HttpOnly, SameSite=Lax",
					path, c.proto, rec.Header().Values("Set-Cookie"), c.secure)
			}
		}
	}
}
