package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// consoleRequest is the longest one console request may take: a save at
// 50,000 documents while the console warms up is well under it.
const consoleRequest = 3 * time.Minute

// consoleClient is a browser of one person logged in to gazette console:
// it keeps its cookies itself, since the console's are Secure and Go's
// cookie jar sends none of those over plain http, and the session's CSRF
// token, which it sends on every POST as the console's script does.
type consoleClient struct {
	http    *http.Client
	base    string
	cookies map[string]string
	csrf    string
}

func newConsoleClient(srv *server) *consoleClient {
	return &consoleClient{base: "http://" + srv.addr, cookies: map[string]string{},
		http: &http.Client{Timeout: consoleRequest, Transport: &http.Transport{Proxy: nil},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends one request and reads the whole answer.
func (c *consoleClient) do(ctx context.Context, method, path, body string, h http.Header) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return res.StatusCode, string(data), err
}

var (
	formToken = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	metaToken = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)
)

// login logs in through the form, then reads the session's CSRF token from
// the page that holds Decap CMS, where the console's script finds it.
func (c *consoleClient) login(ctx context.Context, name, password string) error {
	code, body, err := c.do(ctx, "GET", "/login", "", nil)
	tok := formToken.FindStringSubmatch(body)
	if err != nil || code != 200 || tok == nil {
		return fmt.Errorf("the login form: %d, %v", code, err)
	}
	form := url.Values{"name": {name}, "password": {password}, "csrf": {tok[1]}}
	code, body, err = c.do(ctx, "POST", "/login", form.Encode(), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	if err != nil || code != http.StatusSeeOther {
		return fmt.Errorf("logging in as %s: %d, %v: %s", name, code, err, oneLine(body))
	}
	code, body, err = c.do(ctx, "GET", "/cms/", "", nil)
	m := metaToken.FindStringSubmatch(body)
	if err != nil || code != 200 || m == nil {
		return fmt.Errorf("after logging in, /cms/: %d, %v, no CSRF token", code, err)
	}
	c.csrf = m[1]
	return nil
}

// issueCollection reads /cms/config.yml, as Decap CMS does, and returns
// the first gazette issue's collection (the newest) and its folder.
func (c *consoleClient) issueCollection(ctx context.Context) (name, folder string, err error) {
	code, body, err := c.do(ctx, "GET", "/cms/config.yml", "", nil)
	if err != nil || code != 200 {
		return "", "", fmt.Errorf("/cms/config.yml: %d, %v", code, err)
	}
	var cfg struct {
		Collections []struct {
			Name   string `yaml:"name"`
			Folder string `yaml:"folder"`
		} `yaml:"collections"`
	}
	if err := yaml.Unmarshal([]byte(body), &cfg); err != nil {
		return "", "", fmt.Errorf("/cms/config.yml: %w", err)
	}
	for _, col := range cfg.Collections {
		if strings.HasPrefix(col.Folder, "gazette/") {
			return col.Name, col.Folder, nil
		}
	}
	return "", "", errors.New("/cms/config.yml has no gazette issue collection")
}

// persist saves raw at path as a new draft (or an update) of
// collection/slug, with the proxy protocol's persistEntry as Decap CMS
// sends it in the editorial workflow.
func (c *consoleClient) persist(ctx context.Context, collection, slug, path, raw string) (int, string, error) {
	body, err := json.Marshal(map[string]any{"action": "persistEntry", "params": map[string]any{
		"branch":    "main",
		"dataFiles": []map[string]any{{"slug": slug, "path": path, "raw": raw}},
		"assets":    []any{},
		"options":   map[string]any{"collectionName": collection, "commitMessage": "Create " + slug, "useWorkflow": true, "status": "draft"},
	}})
	if err != nil {
		return 0, "", err
	}
	return c.do(ctx, "POST", "/api/v1", string(body), http.Header{"Content-Type": {"application/json"}, "X-Csrf-Token": {c.csrf}})
}
