package console

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// every action of the protocol, with parameters that would succeed for
// the right person.
func everyAction() map[string]map[string]any {
	return map[string]map[string]any{
		"info":                         nil,
		"entriesByFolder":              {"folder": "gazette/2026/01", "extension": "md", "depth": 1},
		"entriesByFiles":               {"files": []map[string]string{{"path": "gazette/2026/01/order-1.md"}}},
		"getEntry":                     {"path": "gazette/2026/01/order-1.md"},
		"unpublishedEntries":           {},
		"unpublishedEntry":             {"collection": coll, "slug": "heating"},
		"unpublishedEntryDataFile":     {"collection": coll, "slug": "heating", "id": "x", "path": docP},
		"unpublishedEntryMediaFile":    {"collection": coll, "slug": "heating", "id": "x", "path": docP},
		"deleteUnpublishedEntry":       {"collection": coll, "slug": "heating"},
		"persistEntry":                 {"dataFiles": []map[string]any{{"slug": "x", "path": "gazette/2026/01/x.md", "raw": gazetteDoc("通知", "長府辦發〔2026〕9號", "2026-02-20")}}, "assets": []any{}, "options": map[string]any{"collectionName": coll, "commitMessage": "c", "useWorkflow": true, "status": "draft"}},
		"updateUnpublishedEntryStatus": {"collection": coll, "slug": "heating", "newStatus": "pending_review"},
		"publishUnpublishedEntry":      {"collection": coll, "slug": "heating"},
		"getMedia":                     {"mediaFolder": "gazette/2026/01"},
		"getMediaFile":                 {"path": "gazette/2026/01/order-1.md"},
		"persistMedia":                 {"asset": map[string]string{"path": "gazette/2026/01/a.pdf", "content": "JVBERg==", "encoding": "base64"}, "options": map[string]string{"commitMessage": "m"}},
		"deleteFile":                   {"path": "gazette/2026/01/order-1.md", "options": map[string]string{"commitMessage": "m"}},
		"deleteFiles":                  {"paths": []string{"gazette/2026/01/order-1.md"}, "options": map[string]string{"commitMessage": "m"}},
		"getDeployPreview":             {"collection": coll, "slug": "heating"},
	}
}

// Every action without a session, with a forged CSRF token, from another
// site, or by an account without an editing role, is refused, and changes
// nothing.
func TestEveryActionNeedsASessionAndToken(t *testing.T) {
	o := newOffice(t, seed(), nil)
	al := o.login("alice")
	if code, out := al.persist(coll, "heating", docP, gazetteDoc("通知", "長府辦發〔2026〕2號", "2026-02-20")); code != 200 {
		t.Fatal(code, out)
	}
	anon := o.anonymous()
	forged := o.login("alice")
	forged.csrf = strings.Repeat("A", len(forged.csrf))
	admin := o.login("root")
	cross := o.login("alice")
	cross.header.Set("Origin", "https://evil.example")
	cross.header.Set("Sec-Fetch-Site", "cross-site")
	for action, params := range everyAction() {
		for _, c := range []struct {
			name   string
			client *client
			want   int
		}{{"no session", anon, http.StatusUnauthorized}, {"forged CSRF token", forged, http.StatusForbidden},
			{"from another site", cross, http.StatusForbidden}, {"an admin without an editing role", admin, http.StatusForbidden}} {
			var p map[string]any
			if params != nil {
				p = map[string]any{}
				for k, v := range params {
					p[k] = v
				}
			}
			if code, _, out := c.client.api(action, p); code != c.want {
				t.Errorf("%s, %s: %d %s, want %d", action, c.name, code, out, c.want)
			}
		}
	}
	if keys, _ := o.srv.opt.Repo.Drafts(); len(keys) != 1 {
		t.Errorf("drafts after the refused requests: %q", keys)
	}
	// The same session without a token at all.
	body, _ := json.Marshal(map[string]any{"action": "getEntry", "params": map[string]any{"branch": "main", "path": docP}})
	if res, _ := al.do("POST", "/api/v1", string(body), http.Header{"Content-Type": {"application/json"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("no token: %d", res.StatusCode)
	}
	// A page without a session goes to the login.
	for _, p := range []string{"/", "/cms/", "/search?q=x", "/gazette/2026/01/order-1/"} {
		if res, _ := anon.do("GET", p, "", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Errorf("GET %s without a session: %d %s", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	for _, p := range []string{"/cms/config.yml", "/api/refs?q=長", "/console.js", "/decap/decap-cms.js"} {
		if res, _ := anon.do("GET", p, "", nil); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s without a session: %d", p, res.StatusCode)
		}
	}
}

// The gate through the protocol: wrong roles, self-approval, paths out of
// the content, saves outside the workflow, attachments of the wrong type
// or size.
func TestRefusals(t *testing.T) {
	o := newOffice(t, seed(), nil)
	al, bo, ca := o.login("alice"), o.login("bob"), o.login("carol")
	if code, out := al.persist(coll, "heating", docP, gazetteDoc("通知", "長府辦發〔2026〕2號", "2026-02-20")); code != 200 {
		t.Fatal(code, out)
	}
	refused := func(what string, code int, out string, want int) {
		t.Helper()
		if code != want {
			t.Errorf("%s: %d %s, want %d", what, code, out, want)
		} else {
			t.Logf("%s: %d %s", what, code, strings.TrimSpace(out))
		}
	}
	c, out := al.status(coll, "heating", "pending_publish")
	refused("a drafter approves", c, out, 403)
	c, out = al.publish(coll, "heating")
	refused("a drafter publishes", c, out, 403)
	c, out = bo.publish(coll, "heating")
	refused("a reviewer publishes", c, out, 403)
	c, out = ca.publish(coll, "heating")
	refused("a signer publishes what is not approved", c, out, 403)

	// bob (審核) writes a draft of his own and may not approve it.
	if code, out := bo.persist(coll, "bobs", "gazette/2026/01/bobs.md", gazetteDoc("另一通知", "長府辦發〔2026〕3號", "2026-02-20")); code != 200 {
		t.Fatal(code, out)
	}
	c, out = bo.status(coll, "bobs", "pending_publish")
	refused("self-approval", c, out, 403)

	for _, p := range []string{"../outside.md", "gazette/../../etc/passwd", "/etc/passwd", ".git/config", "gazette/2026/01/.hidden.md", "site.yaml"} {
		c, _, out = al.api("getEntry", map[string]any{"path": p})
		refused("getEntry "+p, c, out, http.StatusUnprocessableEntity)
		c, out = al.persist(coll, "evil", p, "x")
		if c != http.StatusUnprocessableEntity && c != http.StatusForbidden {
			t.Errorf("persist at %s: %d %s", p, c, out)
		}
		c, _, out = al.api("unpublishedEntryDataFile", map[string]any{"collection": coll, "slug": "heating", "id": "x", "path": p})
		refused("unpublishedEntryDataFile "+p, c, out, http.StatusUnprocessableEntity)
	}
	c, out = al.persist(coll, "elsewhere", "news/2026/x.md", "x")
	refused("a save outside its collection's folder", c, out, 403)
	c, _, out = al.api("entriesByFolder", map[string]any{"folder": "..", "extension": "md", "depth": 1})
	refused("entriesByFolder ..", c, out, http.StatusUnprocessableEntity)

	c, _, out = al.api("persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"slug": "x", "path": "gazette/2026/01/x.md", "raw": gazetteDoc("通知", "長府辦發〔2026〕9號", "2026-02-20")}},
		"assets":    []any{}, "options": map[string]any{"collectionName": coll, "commitMessage": "c", "useWorkflow": false, "status": "draft"}})
	refused("a save outside the workflow", c, out, 403)
	c, _, out = al.api("deleteFiles", map[string]any{"paths": []string{"gazette/2026/01/order-1.md"}, "options": map[string]string{"commitMessage": "m"}})
	refused("deleting a published document", c, out, 403)

	withAsset := func(p string, data []byte) (int, string) {
		code, _, out := al.api("persistEntry", map[string]any{
			"dataFiles": []map[string]any{{"slug": "heating", "path": docP, "raw": gazetteDoc("通知", "長府辦發〔2026〕2號", "2026-02-20")}},
			"assets":    []map[string]any{{"path": p, "content": base64.StdEncoding.EncodeToString(data), "encoding": "base64"}},
			"options":   map[string]any{"collectionName": coll, "commitMessage": "c", "useWorkflow": true, "status": "draft"}})
		return code, out
	}
	c, out = withAsset("gazette/2026/01/page.html", []byte("<script>alert(1)</script>"))
	refused("an HTML attachment", c, out, http.StatusUnprocessableEntity)
	c, out = withAsset("gazette/2026/01/big.pdf", make([]byte, maxAsset+1))
	refused("an attachment over the limit", c, out, http.StatusRequestEntityTooLarge)
	if c, out = withAsset("gazette/2026/01/contacts.pdf", []byte("%PDF-1.4\n")); c != 200 {
		t.Errorf("a PDF attachment: %d %s", c, out)
	}
}

// Wrong passwords are slowed: from the third, the next attempt waits, even
// with the right password.
func TestLoginSlowed(t *testing.T) {
	o := newOffice(t, seed(), nil)
	c := o.anonymous()
	try := func(pw string) *http.Response {
		_, body := c.do("GET", "/login", "", nil)
		tok := body[strings.Index(body, `name="csrf" value="`)+len(`name="csrf" value="`):]
		tok = tok[:strings.Index(tok, `"`)]
		form := url.Values{"name": {"alice"}, "password": {pw}, "csrf": {tok}}
		res, _ := c.do("POST", "/login", form.Encode(), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
		return res
	}
	for i := 0; i < 3; i++ {
		if res := try("wrong password " + string(rune('a'+i))); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i+1, res.StatusCode)
		}
	}
	res := try(password)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("the right password after three wrong ones: %d, Retry-After %q; want 429 and a wait", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// A login form posted without its token (from another page) is refused.
	form := url.Values{"name": {"bob"}, "password": {password}}
	if res, _ := o.anonymous().do("POST", "/login", form.Encode(), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a login without the form's token: %d", res.StatusCode)
	}
}

// The single sign-on's header is believed from the trusted proxy only.
func TestTrustedIdentityHeader(t *testing.T) {
	for _, c := range []struct {
		trusted string
		want    int
	}{{"127.0.0.1/32", http.StatusOK}, {"10.0.0.0/8", http.StatusSeeOther}} {
		o := newOffice(t, seed(), func(opt *Options) {
			opt.IdentityHeader = "X-Remote-User"
			opt.TrustedProxies = []netip.Prefix{netip.MustParsePrefix(c.trusted)}
		})
		cl := o.anonymous()
		cl.header.Set("X-Remote-User", "bob")
		cl.header.Set("X-Real-IP", "10.1.2.3")
		res, body := cl.do("GET", "/", "", nil)
		if res.StatusCode != c.want {
			t.Errorf("trusting %s: GET / with the header: %d", c.trusted, res.StatusCode)
		}
		if c.want == http.StatusOK && !strings.Contains(body, "李審核") {
			t.Errorf("trusting %s: the page does not greet bob:\n%s", c.trusted, body)
		}
		// The audit says where the person is: the proxy's X-Real-IP when
		// the proxy is trusted, the connection's address otherwise.
		audit, _ := os.ReadFile(filepath.Join(o.state, "audit.log"))
		if from := `"from":"10.1.2.3"`; (c.want == http.StatusOK) != strings.Contains(string(audit), from) {
			t.Errorf("trusting %s: the audit log:\n%s", c.trusted, audit)
		}
	}
}
