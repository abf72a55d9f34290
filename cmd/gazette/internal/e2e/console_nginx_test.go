package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate for localhost and its key.
func selfSigned(t *testing.T, dir string) (crt, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(k)
	crt, key = filepath.Join(dir, "newsroom.crt"), filepath.Join(dir, "newsroom.key")
	os.WriteFile(crt, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return crt, key
}

// consoleNginx turns deploy/nginx-console.conf into a whole configuration
// for an nginx of the test's own in front of the console at port.
func consoleNginx(t *testing.T, port, console int, crt, key string, office string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "deploy", "nginx-console.conf"))
	if err != nil {
		t.Fatal(err)
	}
	conf := string(b)
	for old, new := range map[string]string{
		"listen 8443 ssl;":                       fmt.Sprintf("listen 127.0.0.1:%d ssl;", port),
		"listen [::]:8443 ssl;":                  "",
		"/etc/ssl/gazette/newsroom.crt":          crt,
		"/etc/ssl/gazette/newsroom.key":          key,
		"proxy_pass http://127.0.0.1:8090;":      fmt.Sprintf("proxy_pass http://127.0.0.1:%d;", console),
		"server_name newsroom.office.example;":   "server_name localhost;",
		"    allow 127.0.0.1;\n    allow ::1;\n": office,
	} {
		if !strings.Contains(conf, old) {
			t.Fatalf("deploy/nginx-console.conf no longer has %q, which the test replaces", old)
		}
		conf = strings.ReplaceAll(conf, old, new)
	}
	prefix := t.TempDir()
	var temps strings.Builder
	for _, k := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		p := filepath.Join(prefix, "tmp", k)
		os.MkdirAll(p, 0o700)
		fmt.Fprintf(&temps, "    %s_temp_path %s;\n", k, p)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n"
	}
	return fmt.Sprintf("%sworker_processes 1;\npid %s;\nerror_log stderr warn;\nevents { worker_connections 64; }\n"+
		"http {\n    include /etc/nginx/mime.types;\n    access_log off;\n%s%s\n}\n", user, filepath.Join(prefix, "nginx.pid"), temps.String(), conf)
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
	crt, key := selfSigned(t, t.TempDir())
	pool := x509.NewCertPool()
	pem, _ := os.ReadFile(crt)
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	office := freePort(t)
	startNginxTLS(t, ngx, consoleNginx(t, office, cport, crt, key, "    allow 127.0.0.1;\n"), office)
	base := fmt.Sprintf("https://localhost:%d", office)

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
	closed := freePort(t)
	startNginxTLS(t, ngx, consoleNginx(t, closed, cport, crt, key, ""), closed)
	res, err = client.Get(fmt.Sprintf("https://localhost:%d/login", closed))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("from outside the office's networks: %d, want 403", res.StatusCode)
	}
}

// startNginxTLS runs nginx with conf until the test ends, and waits for
// its TLS port.
func startNginxTLS(t *testing.T, ngx, conf string, port int) {
	t.Helper()
	startNginxConf(t, ngx, conf)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := tls.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port), &tls.Config{InsecureSkipVerify: true})
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not answer on %d: %v", port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
