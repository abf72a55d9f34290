package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// consoleNginx starts nginx with deploy/nginx-console.conf in front of
// the console at port console, with the certificate that
// throwawayCertificate wrote in certs, letting in the office (allow lines)
// where the file lets in the machine itself. It waits until c has an
// answer, and returns nginx's address.
func consoleNginx(t *testing.T, ngx string, c *http.Client, console int, certs, office string) string {
	t.Helper()
	prefix, port := t.TempDir(), freePort(t)
	conf := filepath.Join(prefix, "console.conf")
	writeConf(t, "nginx-console.conf", conf, map[string]string{
		"listen 8443 ssl;":                       fmt.Sprintf("listen 127.0.0.1:%d ssl;", port),
		"listen [::]:8443 ssl;":                  "",
		"/etc/ssl/gazette/newsroom.crt":          filepath.Join(certs, "fullchain.pem"),
		"/etc/ssl/gazette/newsroom.key":          filepath.Join(certs, "privkey.pem"),
		"proxy_pass http://127.0.0.1:8090;":      fmt.Sprintf("proxy_pass http://127.0.0.1:%d;", console),
		"server_name newsroom.office.example;":   "server_name localhost;",
		"    allow 127.0.0.1;\n    allow ::1;\n": office,
	}, nil)
	runNginx(t, ngx, prefix, conf)
	addr := fmt.Sprintf("https://localhost:%d", port)
	if err := answers(c, addr+"/login", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	return addr
}

// The console's server block: TLS, the office's network only, the
// client's address passed on for the audit, and no identity header a
// client could send for itself.
func TestConsoleBehindNginx(t *testing.T) {
	ngx := nginxPath(t)
	decap := decapDist(t)
	n := &newsroom{t: t, bin: gazetteBinary(t), dir: t.TempDir()}
	sample, _ := filepath.Abs(filepath.Join("..", "..", "..", "..", "content"))
	n.gazette("", "console", "init", "-from", sample)
	n.gazette("correct horse battery\n", "user", "add", "-role", "起草", "-display", "王小明", "-email", "alice@office.example", "alice")
	n.gazette("correct horse battery\n", "user", "add", "-role", "簽發", "-display", "張簽發", "-email", "carol@office.example", "carol")
	cport := freePort(t)
	n.daemon(n.dir, "console.log", "console", "-addr", fmt.Sprintf("127.0.0.1:%d", cport), "-decap", decap,
		"-trusted-proxy", "127.0.0.1", "-identity-header", "X-Remote-User")
	waitFor(t, fmt.Sprintf("http://127.0.0.1:%d/login", cport), 30*time.Second)
	certs := t.TempDir()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: throwawayCertificate(t, certs)},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	base := consoleNginx(t, ngx, client, cport, certs, "    allow 127.0.0.1;\n")

	res, err := client.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Strict-Transport-Security") == "" {
		t.Fatalf("the login page through nginx: %d %v", res.StatusCode, res.Header)
	}
	// A log in through nginx.
	tok := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(body)
	form := url.Values{"name": {"alice"}, "password": {"correct horse battery"}, "csrf": {string(tok[1])}}
	req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	for _, c := range res.Cookies() {
		req.AddCookie(c)
	}
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("a login through nginx: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// A client that says it is carol is not carol: nginx blanks the header.
	req, _ = http.NewRequest("GET", base+"/", nil)
	req.Header.Set("X-Remote-User", "carol")
	if res, err = client.Do(req); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("X-Remote-User from a client was believed: %d", res.StatusCode)
	}
	audit, _ := os.ReadFile(filepath.Join(n.dir, "newsroom", "console", "audit.log"))
	if !strings.Contains(string(audit), `"who":"alice","roles":["起草"],"from":"127.0.0.1","action":"login","result":"ok"`) {
		t.Errorf("the audit log:\n%s", audit)
	}

	// An nginx that lets in only 10.0.0.0/8 refuses loopback.
	closed := consoleNginx(t, ngx, client, cport, certs, "")
	res, err = client.Get(closed + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("from outside the office's networks: %d, want 403", res.StatusCode)
	}
}
