package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/testcorpus"
	"gazette/cmd/internal/testenv"
)

// TestMain lets the test binary be gazette itself (GAZETTE_TEST_MAIN=1), so
// that tests can run it as a process: to interrupt it, to fill its disk.
func TestMain(m *testing.M) {
	if os.Getenv("GAZETTE_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// gazette is a command running this test binary as gazette.
func gazette(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GAZETTE_TEST_MAIN=1")
	return cmd
}

// sampleContent is the repository's sample site.
var sampleContent = filepath.Join("..", "..", "content")

// hashes maps every file under dir, following the public and index links,
// to the hash of its bytes.
func hashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, top := range []string{"public", "index"} {
		root, err := filepath.EvalSymlinks(filepath.Join(dir, top))
		if err != nil {
			t.Fatal(err)
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			sum := sha256.Sum256(b)
			m[top+"/"+rel] = hex.EncodeToString(sum[:])
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(m) < 10 {
		t.Fatalf("only %d files in public/ and index/", len(m))
	}
	return m
}

// TestInterrupt: the first Ctrl-C (SIGINT) or SIGTERM stops a build
// promptly, and the live site is the one from before. The exit status is
// the shell's for a command ended by that signal, 130 or 143, and the
// message names the signal it got (no Ctrl-C where none was pressed).
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	cfg, err := os.ReadFile(filepath.Join(sampleContent, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	corpus := testcorpus.Content(t, cfg) // about 5,000 documents: a build of many seconds
	dir := t.TempDir()
	if out, err := gazette(dir, "build", "-q", "-content", mustAbs(t, sampleContent)).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	live := hashes(t, dir)

	for _, c := range []struct {
		sig     syscall.Signal
		code    int
		says    string // in the message the signal brings
		saysNot string
	}{
		{syscall.SIGINT, 130, "Ctrl-C again", "SIGTERM"},
		{syscall.SIGTERM, 143, "SIGTERM", "Ctrl-C"},
	} {
		// -v logs each stage as it starts: the first line says the build
		// runs (its signal handler is in place), however slowly a loaded
		// machine started the process.
		cmd := gazette(dir, "build", "-v", "-content", corpus)
		stderr := &waitingBuf{want: "name=load", seen: make(chan struct{})}
		cmd.Stderr = stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-stderr.seen:
		case <-time.After(time.Minute):
			cmd.Process.Kill()
			t.Fatalf("the build did not start loading in a minute:\n%s", stderr.String())
		}
		time.Sleep(1500 * time.Millisecond) // loading and rendering by now
		sent := time.Now()
		cmd.Process.Signal(c.sig)
		err = cmd.Wait()
		took := time.Since(sent)
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != c.code {
			t.Errorf("build after %v: %v, want exit status %d\n%s", c.sig, err, c.code, stderr)
		}
		msg := stderr.String()
		if !strings.Contains(msg, c.says) || strings.Contains(msg, c.saysNot) || !strings.Contains(msg, "unchanged") {
			t.Errorf("after %v, stderr does not say which signal stopped it (%q, not %q) and that the site is unchanged:\n%s", c.sig, c.says, c.saysNot, msg)
		}
		t.Logf("%v: stopped %v after the signal", c.sig, took.Round(time.Millisecond))
		// A bound far above the expected fraction of a second, far below the
		// whole build.
		if took > 3*time.Second {
			t.Errorf("the build took %v to stop after %v", took, c.sig)
		}
		if got := hashes(t, dir); !maps.Equal(got, live) {
			t.Errorf("public/ or index/ changed after %v", c.sig)
		}
	}
}

// waitingBuf keeps what a process writes and closes seen once it has
// written want.
type waitingBuf struct {
	mu   sync.Mutex
	b    bytes.Buffer
	want string
	seen chan struct{}
}

func (w *waitingBuf) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	had := strings.Contains(w.b.String(), w.want)
	w.b.Write(p)
	if !had && strings.Contains(w.b.String(), w.want) {
		close(w.seen)
	}
	return len(p), nil
}

func (w *waitingBuf) String() string { w.mu.Lock(); defer w.mu.Unlock(); return w.b.String() }

// TestInterruptTwice: while gazette serve waits for a slow download to end
// before it shuts down, a second Ctrl-C ends it at once.
func TestInterruptTwice(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.CopyFS(content, os.DirFS(sampleContent)); err != nil {
		t.Fatal(err)
	}
	// Far more than the socket buffers hold, so that its download is still
	// being written when the signals come.
	big := bytes.Repeat([]byte("0123456789abcdef"), 4<<20)
	writeFile(t, filepath.Join(content, "news", "2026", "big.bin"), string(big))
	writeFile(t, filepath.Join(content, "news", "2026", "big.md"), "---\ntitle: 大附件\ndate: 2026-01-05\nattachments: [big.bin]\n---\n正文\n")
	if out, err := gazette(dir, "build", "-q").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := gazette(dir, "serve", "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	_, addr, _ := strings.Cut(line, "http://")
	addr, _, _ = strings.Cut(addr, "/")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /news/2026/big/big.bin HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	if _, err := conn.Read(make([]byte, 512)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-done:
		t.Fatalf("serve ended at the first Ctrl-C (%v) with a download in flight; want a graceful shutdown", err)
	case <-time.After(500 * time.Millisecond):
	}
	sent := time.Now()
	cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("serve after two Ctrl-C: %v", err)
		}
		if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
			t.Errorf("serve did not end by the second Ctrl-C (status %v)", exit)
		}
		t.Logf("ended %v after the second Ctrl-C", time.Since(sent).Round(time.Millisecond))
	case <-time.After(5 * time.Second):
		t.Fatal("serve still runs 5 s after the second Ctrl-C")
	}
}

func writeFile(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDiskFull: a build that runs out of disk says so once, not once for
// every file it could not write, and the live site stays as it was. It
// mounts a small tmpfs in a mount namespace of its own.
func TestDiskFull(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs Linux mount namespaces")
	}
	unshare := []string{"unshare", "--mount"}
	if os.Getuid() != 0 {
		unshare = []string{"unshare", "--user", "--map-root-user", "--mount"}
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		testenv.Missing(t, "unshare (util-linux) is missing", "unshare (util-linux) is missing")
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(sampleContent)); err != nil {
		t.Fatal(err)
	}
	const script = `set -e
mkdir out
mount -t tmpfs -o size=16m tmpfs out || exit 77
"$GAZETTE" build -q -public out/public -index out/index
snap() { (cd out/public/ && find . -type f -exec sha256sum {} + | sort); (cd out/index/ && find . -type f -exec sha256sum {} + | sort); }
snap > before.txt
avail=$(df --output=avail -B1 out | tail -1)
head -c $((avail - 65536)) /dev/zero > out/filler 2>/dev/null || true
printf -- '---\ntitle: 磁盤已滿測試\ndate: 2026-01-05\n---\n正文\n' > content/news/2026/disk-full.md
set +e
"$GAZETTE" build -public out/public -index out/index 2> stderr.txt
echo $? > code.txt
set -e
snap > after.txt
ls -a out/.gazette > store.txt
set +e
"$GAZETTE" build -full -public out/public -index out/index 2> stderr-full.txt
echo $? > code-full.txt
set -e
rm out/filler
"$GAZETTE" build -public out/public -index out/index > next.txt 2> stderr-next.txt
`
	cmd := exec.Command(unshare[0], append(unshare[1:], "sh", "-c", script)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GAZETTE_TEST_MAIN=1", "GAZETTE="+os.Args[0])
	if out, err := cmd.CombinedOutput(); err != nil {
		var exit *exec.ExitError
		if !testenv.CI() && (errors.As(err, &exit) && exit.ExitCode() == 77 || bytes.Contains(out, []byte("unshare:"))) {
			t.Skipf("cannot mount a tmpfs here (run as root, or where user namespaces are allowed): %s", out)
		}
		t.Fatalf("%v\n%s", err, out)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	stderr := read("stderr.txt")
	if code := strings.TrimSpace(read("code.txt")); code != "1" {
		t.Errorf("exit status %s, want 1\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if n := strings.Count(stderr, "no space left on device"); n != 1 || len(lines) > 2 {
		t.Errorf("stderr has %d lines, %d of them about the full disk; want it said once:\n%s", len(lines), n, stderr)
	}
	if !strings.Contains(stderr, "unchanged") {
		t.Errorf("stderr does not say the live site is unchanged:\n%s", stderr)
	}
	before, after := read("before.txt"), read("after.txt")
	if strings.Count(before, "\n") < 50 || before != after {
		t.Errorf("the live site changed (or was never built): %d files before, %d after",
			strings.Count(before, "\n"), strings.Count(after, "\n"))
	}
	// The failed generation is gone: only the live one remains.
	if gens := strings.Count(read("store.txt"), "\n2"); gens != 1 {
		t.Errorf(".gazette holds %d generations after the failed build:\n%s", gens, read("store.txt"))
	}
	// A -full build that runs out of disk leaves the caches it was to
	// replace: with room again, the next build renders only the new
	// document, and has nothing to say about its caches.
	if code := strings.TrimSpace(read("code-full.txt")); code != "1" {
		t.Errorf("build -full on a full disk: exit status %s, want 1\n%s", code, read("stderr-full.txt"))
	}
	if next, stderr := read("next.txt"), read("stderr-next.txt"); strings.Contains(stderr, "cache") || !strings.Contains(next, "(1 rendered)") {
		t.Errorf("the build after a -full build on a full disk: want the one new document rendered and no notice, got\n%s%s", next, stderr)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
