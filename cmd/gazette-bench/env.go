package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// env is what the run found or made before measuring anything.
type env struct {
	root     string // the gazette module
	corpus   string // holds gov-docs.tar.gz and scale.sh
	work     string
	gazette  string // the binary, built from root
	built    string // "" when built from root, else where the binary came from
	lock     *os.File
	hugo     string // "" when skipped
	pagefind string // "" when skipped
	peerNote string // why the peers were skipped
	machine  machine
	loadAvg  string

	// Peak memory per document of the peers, for memoryGuard: the issue's
	// figures (Hugo 14.2 GiB at 50,000; Pagefind 13.7 GiB at 10,000) until
	// this run has measured a smaller size.
	hugoMiBPerDoc, pagefindMiBPerDoc float64
}

type machine struct {
	cpu, cpus, memory, kernel string
	goVersion, hugo, pagefind string
	commit, date              string
}

// errNoCorpus means the corpus is not on this machine.
var errNoCorpus = errors.New("corpus not found: set GAZETTE_CORPUS or -corpus to the directory holding gov-docs.tar.gz and scale.sh, or run below a directory with shared/corpus")

func setup(ctx context.Context, cfg *config, logw io.Writer) (*env, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root, err := moduleRoot(wd)
	if err != nil {
		return nil, err
	}
	e := &env{root: root, corpus: cfg.corpus, work: cfg.work, loadAvg: loadAvg(),
		hugoMiBPerDoc: 14.2 * 1024 / 50000, pagefindMiBPerDoc: 13.7 * 1024 / 10000}
	if e.corpus == "" {
		if e.corpus, err = findCorpus(wd); err != nil {
			return nil, err
		}
	}
	for _, f := range []string{"gov-docs.tar.gz", "scale.sh"} {
		if _, err := os.Stat(filepath.Join(e.corpus, f)); err != nil {
			return nil, fmt.Errorf("corpus %s: %w", e.corpus, err)
		}
	}
	if e.work == "" {
		e.work = filepath.Join(root, "bench", "out")
	}
	if e.work, err = filepath.Abs(e.work); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(e.work, "bin"), 0o755); err != nil {
		return nil, err
	}
	if e.lock, err = lockDir(e.work); err != nil {
		return nil, err
	}
	if cfg.gazette != "" {
		if e.gazette, err = filepath.Abs(cfg.gazette); err != nil {
			return nil, err
		}
		e.built = "prebuilt " + cfg.gazette
	} else {
		fmt.Fprintln(logw, "building gazette")
		e.gazette = filepath.Join(e.work, "bin", "gazette")
		if out, err := command(ctx, root, "go", "build", "-o", e.gazette, "./cmd/gazette"); err != nil {
			return nil, fmt.Errorf("go build ./cmd/gazette: %v\n%s", err, out)
		}
	}
	if cfg.peers {
		if err := e.installPeers(ctx, logw); err != nil {
			if cfg.peersNeeded {
				return nil, err
			}
			e.hugo, e.pagefind, e.peerNote = "", "", err.Error()
			fmt.Fprintf(logw, "skipping Hugo and Pagefind: %v\n", err)
		}
	} else {
		e.peerNote = "not run (-peers=false)"
	}
	e.machine = e.describe(ctx)
	return e, nil
}

// lockDir takes the working directory for this process: two runs in one
// directory would delete each other's content.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is in use by another gazette-bench (%v); wait for it, or give -work another directory", dir, err)
	}
	return f, nil
}

// moduleRoot walks up from dir to the go.mod of module gazette.
func moduleRoot(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.HasPrefix(b, []byte("module gazette\n")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod of module gazette above %s", dir)
		}
	}
}

// findCorpus returns the corpus folder: $GAZETTE_CORPUS (the folder, or the
// archive in it, as the tests take it), or shared/corpus in dir or the
// nearest directory above it that has one.
func findCorpus(dir string) (string, error) {
	if c := os.Getenv("GAZETTE_CORPUS"); c != "" {
		if info, err := os.Stat(c); err == nil && !info.IsDir() {
			c = filepath.Dir(c)
		}
		if _, err := os.Stat(filepath.Join(c, "gov-docs.tar.gz")); err != nil {
			return "", fmt.Errorf("GAZETTE_CORPUS: %w", err)
		}
		return filepath.Abs(c)
	}
	for d := dir; ; d = filepath.Dir(d) {
		c := filepath.Join(d, "shared", "corpus")
		if _, err := os.Stat(filepath.Join(c, "gov-docs.tar.gz")); err == nil {
			return c, nil
		}
		if filepath.Dir(d) == d {
			return "", errNoCorpus
		}
	}
}

// installPeers finds Hugo and Pagefind, installing what is missing.
func (e *env) installPeers(ctx context.Context, logw io.Writer) error {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		fmt.Fprintln(logw, "installing hugo (apt-get install -y hugo)")
		if err := aptInstall(ctx, "hugo"); err != nil {
			return fmt.Errorf("hugo is not installed and could not be: %w", err)
		}
		if hugo, err = exec.LookPath("hugo"); err != nil {
			return err
		}
	}
	benchDir := filepath.Join(e.root, "bench")
	pf := pagefindBinary(benchDir)
	if pf == "" {
		if _, err := exec.LookPath("npm"); err != nil {
			fmt.Fprintln(logw, "installing npm (apt-get install -y npm)")
			if err := aptInstall(ctx, "npm"); err != nil {
				return fmt.Errorf("npm is not installed and could not be: %w", err)
			}
		}
		fmt.Fprintln(logw, "installing pagefind (npm ci in bench/)")
		if out, err := command(ctx, benchDir, "npm", "ci", "--no-audit", "--no-fund"); err != nil {
			return fmt.Errorf("npm ci in %s: %v\n%s", benchDir, err, out)
		}
		if pf = pagefindBinary(benchDir); pf == "" {
			return fmt.Errorf("npm ci in %s installed no pagefind binary", benchDir)
		}
	}
	e.hugo, e.pagefind = hugo, pf
	return nil
}

// pagefindBinary is the native Pagefind executable under bench/node_modules
// (the npm wrapper would add a Node process to every timing), or the
// wrapper when the platform package is laid out differently, or "".
func pagefindBinary(benchDir string) string {
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	for _, p := range []string{
		filepath.Join(benchDir, "node_modules", "@pagefind", runtime.GOOS+"-"+arch, "bin", "pagefind_extended"),
		filepath.Join(benchDir, "node_modules", ".bin", "pagefind"),
	} {
		if fi, err := os.Stat(p); err == nil && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// aptInstall installs a Debian package as root, or through sudo when that
// needs no password.
func aptInstall(ctx context.Context, pkg string) error {
	if _, err := exec.LookPath("apt-get"); err != nil {
		return errors.New("no apt-get")
	}
	var prefix []string
	if os.Geteuid() != 0 {
		if _, err := command(ctx, "", "sudo", "-n", "true"); err != nil {
			return errors.New("not root and no password-less sudo")
		}
		prefix = []string{"sudo", "-n"}
	}
	apt := func(args ...string) ([]byte, error) {
		a := append(append(prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"), args...)
		return command(ctx, "", a[0], a[1:]...)
	}
	if _, err := apt("install", "-y", "-qq", "--no-install-recommends", pkg); err == nil {
		return nil
	}
	if out, err := apt("update", "-qq"); err != nil {
		return fmt.Errorf("apt-get update: %v\n%s", err, out)
	}
	if out, err := apt("install", "-y", "-qq", "--no-install-recommends", pkg); err != nil {
		return fmt.Errorf("apt-get install %s: %v\n%s", pkg, err, out)
	}
	return nil
}

// command runs a helper (not a timed step) and returns its combined output.
func command(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}

func (e *env) describe(ctx context.Context) machine {
	m := machine{
		cpus:   strconv.Itoa(runtime.NumCPU()),
		cpu:    procField("/proc/cpuinfo", "model name"),
		memory: procField("/proc/meminfo", "MemTotal"),
		date:   time.Now().UTC().Format("2006-01-02 15:04 MST"),
	}
	if kb, err := strconv.ParseInt(strings.TrimSuffix(m.memory, " kB"), 10, 64); err == nil {
		m.memory = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = "Linux " + strings.TrimSpace(string(b))
	}
	first := func(out []byte, err error) string {
		if err != nil {
			return "unknown"
		}
		line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		return line
	}
	m.goVersion = first(command(ctx, e.root, "go", "env", "GOVERSION"))
	m.hugo, m.pagefind = "not run", "not run"
	if e.hugo != "" {
		m.hugo = first(command(ctx, "", e.hugo, "version"))
	}
	if e.pagefind != "" {
		m.pagefind = first(command(ctx, "", e.pagefind, "--version"))
	}
	// Read-only git: which source was measured, and whether it had local changes.
	if out, err := command(ctx, e.root, "git", "rev-parse", "--short=12", "HEAD"); err == nil {
		m.commit = strings.TrimSpace(string(out))
		if st, err := command(ctx, e.root, "git", "status", "--porcelain", "--untracked-files=no"); err == nil && len(bytes.TrimSpace(st)) > 0 {
			m.commit += " with uncommitted changes"
		}
	}
	if e.built != "" {
		m.commit = e.built + " (source tree at " + m.commit + ")"
	}
	return m
}

// procField is the first value of key in a /proc file of "key : value" lines.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// loadAvg is the 1, 5 and 15 minute load average: the other work on the machine.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
