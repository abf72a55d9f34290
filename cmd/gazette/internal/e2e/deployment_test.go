package e2e

import (
	"fmt"
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

	"gazette/cmd/internal/testenv"
)

// The production shape of deploy/: real nginx in front, with the config
// made from deploy/nginx-main.conf and deploy/nginx.conf, two gazette serve
// replicas behind it, one of them publishing (serve -publish), all sharing
// one site folder. Each runs as its own process on a loopback port, so a
// replica can be killed like a crashed server.

// deployment is a running nginx + two replicas over one site folder.
type deployment struct {
	*front
	t        *testing.T
	bin      string // the gazette binary
	dir      string // the site folder: content/, public/, index/
	logs     string // the replicas' output
	replicas [2]*replica
}

type replica struct {
	port int
	args []string
	user *syscall.Credential // nil: the test's own
	cmd  *exec.Cmd
	log  string // its output, a file
}

// otherUser is nobody, for a replica that runs as another user than the
// build, when the test runs as root (as CI does); nil otherwise, when
// nginx's workers also stay the test's user.
func otherUser(t *testing.T) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		if testenv.CI() {
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
	openDirs(t, filepath.Dir(d.dir), d.dir, filepath.Dir(d.bin))
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
		for i, r := range d.replicas {
			d.kill(i)
			if t.Failed() {
				b, _ := os.ReadFile(r.log)
				t.Logf("replica %d log:\n%s", i, b)
			}
		}
	})
	d.front = startFront(t, ngx, d.dir, [2]int{d.replicas[0].port, d.replicas[1].port})
	return d
}
