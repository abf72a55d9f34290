package e2e

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gazette/cmd/internal/testenv"
)

// Every test behind nginx runs one of its own made from deploy/'s files as
// they are installed: deploy/nginx-main.conf as /etc/nginx/nginx.conf, and
// deploy/nginx.conf or deploy/nginx-console.conf as a site, with only what
// ties them to one machine (ports, folders, certificates) replaced.

// nginxPath finds nginx, or skips the test (fails under CI=true).
func nginxPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	testenv.Missing(t, "no nginx on this machine: .ci/run must install the nginx package", "no nginx: install Debian's nginx (apt-get install nginx) to run the tests behind it")
	return ""
}

// front is nginx with deploy/nginx.conf in front of gazette serve.
type front struct {
	t     *testing.T
	nginx string      // https://127.0.0.1:port (http:// if the site has no HTTPS server)
	host  string      // 127.0.0.1:port, of the same
	plain string      // 127.0.0.1:port of plain HTTP
	tls   *tls.Config // a client's, trusting the site's throwaway certificate; nil without HTTPS
	acme  string      // the folder of ACME's challenges
}

// startFront starts nginx with deploy/nginx.conf over the site folder and
// the replicas, with a throwaway certificate, and waits until it answers.
func startFront(t *testing.T, ngx, site string, replicas [2]int) *front {
	t.Helper()
	prefix := t.TempDir()
	ports := ngxPorts{freePort(t), freePort(t)}
	conf, hasTLS := siteConf(t, site, prefix, ports, replicas)
	f := &front{t: t, plain: fmt.Sprintf("127.0.0.1:%d", ports.plain), acme: filepath.Join(prefix, "acme")}
	f.host, f.nginx = f.plain, "http://"+f.plain
	if hasTLS {
		f.tls = throwawayCertificate(t, filepath.Join(prefix, "tls"))
		f.host = fmt.Sprintf("127.0.0.1:%d", ports.tls)
		f.nginx = "https://" + f.host
	}
	runNginx(t, ngx, prefix, conf)
	if err := answers(f.client("127.0.0.1"), f.nginx+"/", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	return f
}

// ngxPorts are nginx's ports for plain HTTP and for HTTPS.
type ngxPorts struct{ plain, tls int }

// siteConf writes deploy/nginx.conf into prefix for the site folder, the
// ports and the replicas, its certificate in prefix/tls and ACME's folder
// prefix/acme. It returns the file's path, and whether the site has an
// HTTPS server.
func siteConf(t *testing.T, site, prefix string, ports ngxPorts, replicas [2]int) (string, bool) {
	t.Helper()
	conf := filepath.Join(prefix, "gazette.conf")
	tls := writeConf(t, "nginx.conf", conf, map[string]string{
		"/srv/gazette":    site,
		"listen 80;":      fmt.Sprintf("listen 127.0.0.1:%d;", ports.plain),
		"listen [::]:80;": "",
		"127.0.0.1:8081 ": fmt.Sprintf("127.0.0.1:%d ", replicas[0]),
		"127.0.0.1:8082 ": fmt.Sprintf("127.0.0.1:%d ", replicas[1]),
		"server_name _;":  "server_name localhost;",
	}, map[string]string{
		"listen 443 ssl http2;":      fmt.Sprintf("listen 127.0.0.1:%d ssl http2;", ports.tls),
		"listen [::]:443 ssl http2;": "",
		"/etc/ssl/gazette/":          filepath.Join(prefix, "tls") + "/",
		"/var/www/acme":              filepath.Join(prefix, "acme"),
	})
	return conf, tls
}

// writeConf writes the file deploy/name to dst with each of edits made,
// failing when one no longer applies, and those of optional it has; it
// says whether it had them all.
func writeConf(t *testing.T, name, dst string, edits, optional map[string]string) bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "deploy", name))
	if err != nil {
		t.Fatal(err)
	}
	conf := string(b)
	for old, new := range edits {
		if !strings.Contains(conf, old) {
			t.Fatalf("deploy/%s no longer has %q, which the test replaces", name, old)
		}
		conf = strings.ReplaceAll(conf, old, new)
	}
	all := true
	for old, new := range optional {
		all = all && strings.Contains(conf, old)
		conf = strings.ReplaceAll(conf, old, new)
	}
	if err := os.WriteFile(dst, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return all
}

// mainConf writes deploy/nginx-main.conf into prefix as /etc/nginx/nginx.conf
// with the sites (files written by writeConf) as sites-enabled, and in
// prefix the pid file and temporary folders: nothing of the system's nginx
// but mime.types (and modules-enabled, empty on Debian). It returns the
// file's path.
func mainConf(t *testing.T, prefix string, sites []string) string {
	t.Helper()
	var temps strings.Builder
	for _, k := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		p := filepath.Join(prefix, "tmp", k)
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&temps, "%s_temp_path %s;\n    ", k, p)
	}
	// The workers (www-data) go through these to their temporary folders,
	// which nginx gives them, and to ACME's folder.
	openDirs(t, prefix, filepath.Join(prefix, "tmp"))
	for _, s := range sites {
		fmt.Fprintf(&temps, "include %s;\n    ", s)
	}
	main := filepath.Join(prefix, "nginx.conf")
	writeConf(t, "nginx-main.conf", main, map[string]string{
		"pid /run/nginx.pid;":                   "pid " + filepath.Join(prefix, "nginx.pid") + ";",
		"error_log /var/log/nginx/error.log;":   "error_log stderr warn;",
		"access_log /var/log/nginx/access.log;": "access_log off;",
		"include /etc/nginx/conf.d/*.conf;":     "",
		"include /etc/nginx/sites-enabled/*;":   strings.TrimSpace(temps.String()),
	}, nil)
	return main
}

// runNginx runs nginx from deploy/nginx-main.conf with the sites until the
// test ends, its files in prefix (see mainConf); its log is the test's
// when the test fails.
func runNginx(t *testing.T, ngx, prefix string, sites ...string) {
	t.Helper()
	conf := mainConf(t, prefix, sites)
	// nginx writes to a file, not a pipe: a worker still finishing its
	// connections would hold a pipe open, and Wait with it.
	logPath := filepath.Join(prefix, "nginx.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(ngx, "-p", prefix, "-c", conf, "-e", "stderr", "-g", "daemon off;")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// SIGTERM is nginx's fast shutdown; its workers are in its process
		// group, which is killed outright if it takes long.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // any worker left behind
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("nginx log:\n%s", b)
		}
	})
}

// openDirs lets other users into folders the test made, as into an
// installed site's: nginx's workers run as www-data.
func openDirs(t *testing.T, dirs ...string) {
	t.Helper()
	for _, p := range dirs {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// client is a client of nginx from a loopback address of its own: 127.0.0.1
// is the machine itself, which deploy/nginx.conf trusts as it does the
// monitor; any other 127.x.y.z stands for a reader elsewhere. It follows no
// redirect.
func (f *front) client(from string) *http.Client {
	return &http.Client{Transport: f.transport(from), Timeout: 15 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// transport is the transport of client: use its RoundTrip, with
// DisableCompression set, to see what nginx sends as it is.
func (f *front) transport(from string) *http.Transport {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 64, TLSClientConfig: f.tls}
	f.t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// dial connects to nginx from the address from, as client does, TLS
// handshake done.
func (f *front) dial(ctx context.Context, from string) (net.Conn, error) {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	if f.tls == nil {
		return dialer.DialContext(ctx, "tcp", f.host)
	}
	return (&tls.Dialer{NetDialer: dialer, Config: f.tls}).DialContext(ctx, "tcp", f.host)
}

// get fetches a path through nginx.
func (f *front) get(ctx context.Context, c *http.Client, path string) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", f.nginx+path, nil)
	if err != nil {
		return nil, nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}
