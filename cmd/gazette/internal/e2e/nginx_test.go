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
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The production shape of deploy/: real nginx in front, with the config
// made from deploy/nginx-main.conf and deploy/nginx.conf, two gazette serve
// replicas behind it, one of them publishing (serve -publish), all sharing
// one site folder. Each runs as its own process on a loopback port, so a
// replica can be killed like a crashed server.

// deployment is a running nginx + two replicas over one site folder.
type deployment struct {
	t        *testing.T
	bin      string      // the gazette binary
	dir      string      // the site folder: content/, public/, index/
	logs     string      // the replicas' output
	nginx    string      // https://127.0.0.1:port (http:// if the site has no HTTPS server)
	host     string      // 127.0.0.1:port, of the same
	plain    string      // 127.0.0.1:port of plain HTTP
	tls      *tls.Config // a client's, trusting the site's throwaway certificate; nil without HTTPS
	acme     string      // the folder of ACME's challenges
	replicas [2]*replica
}

type replica struct {
	port int
	args []string
	user *syscall.Credential // nil: the test's own
	cmd  *exec.Cmd
	log  string // its output, a file
}

// nginxPath finds nginx, or skips the test (fails under CI=true).
func nginxPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no nginx on this machine: .ci/run must install the nginx package")
	}
	t.Skip("no nginx: install Debian's nginx (apt-get install nginx) to run the deployment test")
	return ""
}

// otherUser is nobody, for a replica that runs as another user than the
// build, when the test runs as root (as CI does); nil otherwise, when
// nginx's workers also stay the test's user.
func otherUser(t *testing.T) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI runs the deployment test as root, so that nginx's workers run as www-data and a replica as nobody")
		}
		t.Log("not root: nginx's workers and both replicas run as this user (as root, www-data and nobody read what the build publishes)")
		return nil
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}

// gazetteBinary builds cmd/gazette into a temporary folder.
func gazetteBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gazette")
	cmd := exec.Command("go", "build", "-o", bin, "gazette/cmd/gazette")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// run runs the gazette binary in the site folder.
func (d *deployment) run(args ...string) string {
	d.t.Helper()
	cmd := exec.Command(d.bin, args...)
	cmd.Dir = d.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		d.t.Fatalf("gazette %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// start starts replica i and waits until it answers.
func (d *deployment) start(i int) {
	d.t.Helper()
	r := d.replicas[i]
	r.log = filepath.Join(d.logs, fmt.Sprintf("replica-%d.log", r.port))
	logf, err := os.OpenFile(r.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		d.t.Fatal(err)
	}
	defer logf.Close()
	r.cmd = exec.Command(d.bin, append([]string{"serve", "-addr", fmt.Sprintf("127.0.0.1:%d", r.port)}, r.args...)...)
	r.cmd.Dir = d.dir
	r.cmd.Stdout, r.cmd.Stderr = logf, logf
	if r.user != nil {
		r.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: r.user}
	}
	if err := r.cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	if err := answers(http.DefaultClient, fmt.Sprintf("http://127.0.0.1:%d/healthz", r.port), 30*time.Second); err != nil {
		b, _ := os.ReadFile(r.log)
		d.t.Fatalf("replica %d: %v; its output:\n%s", i, err, b)
	}
}

// kill ends replica i at once, as a crash would: no graceful shutdown.
func (d *deployment) kill(i int) {
	d.t.Helper()
	r := d.replicas[i]
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	_ = r.cmd.Process.Signal(syscall.SIGKILL)
	_ = r.cmd.Wait()
	r.cmd = nil
}

// answers waits until url answers c, with anything but a 5xx.
func answers(c *http.Client, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		resp, err := c.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode < 500 {
				return nil
			}
			err = fmt.Errorf("%s", resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s does not answer after %v: %v", url, limit, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitFor fails t unless url answers within limit (see answers).
func waitFor(t *testing.T, url string, limit time.Duration) {
	t.Helper()
	if err := answers(http.DefaultClient, url, limit); err != nil {
		t.Fatal(err)
	}
}

// nginxConfig writes deploy/nginx-main.conf and deploy/nginx.conf, as
// /etc/nginx/nginx.conf and the site, for an nginx of the test's own: its
// site folder, ports, certificate, pid file, log and temporary folders,
// nothing of the system's nginx but mime.types (and modules-enabled, empty
// on Debian). It returns the main file's path, and whether the site has
// an HTTPS server.
func nginxConfig(t *testing.T, site, prefix string, ports ngxPorts, replicas [2]int) (string, bool) {
	t.Helper()
	siteConf := filepath.Join(prefix, "gazette.conf")
	tls := writeConf(t, "nginx.conf", siteConf, map[string]string{
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
	var temps strings.Builder
	for _, k := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		p := filepath.Join(prefix, "tmp", k)
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&temps, "%s_temp_path %s;\n    ", k, p)
	}
	// The workers (www-data) go through these to their temporary folders,
	// which nginx gives them, and to the ACME folder.
	for _, p := range []string{prefix, filepath.Join(prefix, "tmp")} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	main := filepath.Join(prefix, "nginx.conf")
	writeConf(t, "nginx-main.conf", main, map[string]string{
		"pid /run/nginx.pid;":                   "pid " + filepath.Join(prefix, "nginx.pid") + ";",
		"error_log /var/log/nginx/error.log;":   "error_log stderr warn;",
		"access_log /var/log/nginx/access.log;": "access_log off;",
		"include /etc/nginx/conf.d/*.conf;":     "",
		"include /etc/nginx/sites-enabled/*;":   temps.String() + "include " + siteConf + ";",
	}, nil)
	return main, tls
}

// ngxPorts are nginx's ports for plain HTTP and for HTTPS.
type ngxPorts struct{ plain, tls int }

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

// deploy builds the site folder at the real clock and starts the two
// replicas (the second publishing) and nginx.
func deploy(t *testing.T, content map[string]string) *deployment {
	t.Helper()
	ngx := nginxPath(t)
	d := &deployment{t: t, bin: gazetteBinary(t), dir: t.TempDir(), logs: t.TempDir()}
	// The strictest umask for every build, and other users to read what
	// they publish: nginx's workers (www-data, deploy/nginx-main.conf) and
	// the first replica (nobody), as in production, where the build runs as
	// gazette. Others may enter the site folder and run the program, as in
	// /srv/gazette and /usr/local/bin.
	old := syscall.Umask(0o077)
	t.Cleanup(func() { syscall.Umask(old) })
	for _, p := range []string{filepath.Dir(d.dir), d.dir, filepath.Dir(d.bin)} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	other := otherUser(t)
	if err := os.CopyFS(filepath.Join(d.dir, "content"), os.DirFS(filepath.Join("..", "..", "..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	for name, data := range content {
		p := filepath.Join(d.dir, "content", filepath.FromSlash(name))
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d.run("build", "-q")
	d.replicas = [2]*replica{{port: freePort(t), user: other}, {port: freePort(t), args: []string{"-publish"}}}
	for i := range d.replicas {
		d.start(i)
	}
	t.Cleanup(func() {
		for i := range d.replicas {
			d.kill(i)
		}
	})
	d.startNginx(ngx)
	return d
}

// startNginx starts nginx over the site folder and the replicas, and waits
// until it answers.
func (d *deployment) startNginx(ngx string) {
	t := d.t
	t.Helper()
	prefix := t.TempDir()
	ports := ngxPorts{freePort(t), freePort(t)}
	conf, hasTLS := nginxConfig(t, d.dir, prefix, ports, [2]int{d.replicas[0].port, d.replicas[1].port})
	d.plain, d.acme = fmt.Sprintf("127.0.0.1:%d", ports.plain), filepath.Join(prefix, "acme")
	d.host, d.nginx = d.plain, "http://"+d.plain
	if hasTLS {
		d.tls = throwawayCertificate(t, filepath.Join(prefix, "tls"))
		d.host = fmt.Sprintf("127.0.0.1:%d", ports.tls)
		d.nginx = "https://" + d.host
	}
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
			for i, r := range d.replicas {
				b, _ := os.ReadFile(r.log)
				t.Logf("replica %d log:\n%s", i, b)
			}
		}
	})
	if err := answers(d.client("127.0.0.1"), d.nginx+"/", 10*time.Second); err != nil {
		t.Fatal(err)
	}
}

// client is a client of nginx from a loopback address of its own: 127.0.0.1
// is the machine itself, which deploy/nginx.conf trusts as it does the
// monitor; any other 127.x.y.z stands for a reader elsewhere. It follows no
// redirect.
func (d *deployment) client(from string) *http.Client {
	return &http.Client{Transport: d.transport(from), Timeout: 15 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// transport is the transport of client: use its RoundTrip, with
// DisableCompression set, to see what nginx sends as it is.
func (d *deployment) transport(from string) *http.Transport {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 64, TLSClientConfig: d.tls}
	d.t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// dial connects to nginx from the address from, as client does, TLS
// handshake done.
func (d *deployment) dial(ctx context.Context, from string) (net.Conn, error) {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	if d.tls == nil {
		return dialer.DialContext(ctx, "tcp", d.host)
	}
	return (&tls.Dialer{NetDialer: dialer, Config: d.tls}).DialContext(ctx, "tcp", d.host)
}

// get fetches a path through nginx.
func (d *deployment) get(ctx context.Context, c *http.Client, path string) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", d.nginx+path, nil)
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
