package edition

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

//go:embed driver.py
var driver string

// families are the fonts print.css names; the engine must find each of
// them, and their files are part of every PDF's key.
var families = []string{
	"Noto Serif CJK TC", "Noto Serif CJK TC:weight=bold", "Noto Serif CJK SC", "Noto Serif CJK SC:weight=bold",
	"Noto Sans CJK TC:weight=bold", "Noto Sans CJK SC:weight=bold",
}

// ErrNoEngine is returned when WeasyPrint or the Noto CJK fonts are not
// installed.
var ErrNoEngine = errors.New("the issue PDFs (gazette.pdf in site.yaml) need WeasyPrint, the Noto CJK fonts and poppler's pdftoppm: install them (Debian: apt-get install weasyprint fonts-noto-cjk poppler-utils), or take gazette.pdf out of site.yaml")

// Engine makes issue PDFs with WeasyPrint. It keeps up to one worker
// process per core, each of which imports WeasyPrint once and then makes
// PDFs one at a time. It is safe for concurrent use; Close stops the workers.
type Engine struct {
	python  string // the interpreter WeasyPrint runs on
	version string // the engine's and the fonts' versions: part of every key
	// pdftoppm draws a PDF's cover for the issue page (Cache.Cover); its
	// version is part of the drawing's key.
	pdftoppm, poppler string
	slots             chan struct{}
	mu                sync.Mutex
	idle              []*worker
	all               []*worker
}

// Start finds WeasyPrint (the weasyprint command on PATH, whose Python is
// the one that has the module) and checks that the fonts are there. Asking
// WeasyPrint starts Python, which takes longer than a build that changes
// nothing should: the answer is kept in the file known (when not ""), with
// the size and time of every file it depends on (WeasyPrint, its
// libraries, the fonts), and taken from there while none has changed.
func Start(ctx context.Context, known string) (*Engine, error) {
	cmd, err := exec.LookPath("weasyprint")
	if err != nil {
		return nil, fmt.Errorf("%w: no weasyprint command on PATH", ErrNoEngine)
	}
	python, err := interpreter(cmd)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoEngine, err)
	}
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil, fmt.Errorf("%w: no pdftoppm command on PATH", ErrNoEngine)
	}
	// pdftoppm -v prints its version on stderr (poppler-utils 22.12.0:
	// "pdftoppm version 22.12.0") and exits 0 or 99, by version.
	pv, _ := exec.CommandContext(ctx, pdftoppm, "-v").CombinedOutput()
	poppler := lastLine(firstLine(string(pv)))
	start := func(version []byte) *Engine {
		return &Engine{python: python, version: string(version), pdftoppm: pdftoppm, poppler: poppler,
			slots: make(chan struct{}, runtime.GOMAXPROCS(0))}
	}
	if p, ok := readProbe(known, python); ok {
		return start(p.Version), nil
	}
	var stderr bytes.Buffer
	cmdProbe := exec.CommandContext(ctx, python, append([]string{"-c", driver, "probe"}, families...)...)
	cmdProbe.Stderr = &stderr
	out, err := cmdProbe.Output()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v %s", ErrNoEngine, cmd, err, lastLine(stderr.String()))
	}
	var answer struct {
		Version json.RawMessage `json:"version"`
		Files   []string        `json:"files"`
	}
	var v struct {
		Fonts []struct {
			Name, File, Family string
		} `json:"fonts"`
	}
	if json.Unmarshal(out, &answer) != nil || json.Unmarshal(answer.Version, &v) != nil {
		return nil, fmt.Errorf("%w: %s answered %q", ErrNoEngine, cmd, out)
	}
	for _, f := range v.Fonts {
		if want, _, _ := strings.Cut(f.Name, ":"); f.Family != want {
			return nil, fmt.Errorf("%w: font %q not found (fontconfig gives %q)", ErrNoEngine, want, f.Family)
		}
	}
	var version bytes.Buffer // compact, as it reads back from the kept file
	if err := json.Compact(&version, answer.Version); err != nil {
		return nil, fmt.Errorf("%w: %s answered %q", ErrNoEngine, cmd, out)
	}
	if known != "" {
		writeProbe(known, probe{Python: python, Version: version.Bytes(), Files: stats(answer.Files)})
	}
	return start(version.Bytes()), nil
}

// probe is WeasyPrint's answer kept for the next Start.
type probe struct {
	Python  string
	Version json.RawMessage
	Files   []fileStat
}

type fileStat struct {
	Path        string
	Size, Mtime int64
}

func stats(paths []string) []fileStat {
	out := make([]fileStat, 0, len(paths))
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil {
			out = append(out, fileStat{p, info.Size(), info.ModTime().UnixNano()})
		}
	}
	return out
}

// readProbe returns the kept answer, if it was WeasyPrint's on python and
// no file it depends on has changed since.
func readProbe(known, python string) (probe, bool) {
	var p probe
	data, err := os.ReadFile(known)
	if known == "" || err != nil || json.Unmarshal(data, &p) != nil || p.Python != python || len(p.Files) == 0 || len(p.Version) == 0 {
		return p, false
	}
	for _, f := range p.Files {
		if info, err := os.Stat(f.Path); err != nil || info.Size() != f.Size || info.ModTime().UnixNano() != f.Mtime {
			return p, false
		}
	}
	return p, true
}

// writeProbe keeps an answer; one that cannot be kept is asked again.
func writeProbe(known string, p probe) {
	data, err := json.Marshal(p)
	if err != nil || os.MkdirAll(filepath.Dir(known), 0o755) != nil {
		return
	}
	tmp := known + ".tmp"
	if os.WriteFile(tmp, data, 0o644) == nil && os.Rename(tmp, known) != nil {
		os.Remove(tmp)
	}
}

// interpreter reads the Python that runs a console script from its #! line.
func interpreter(script string) (string, error) {
	f, err := os.Open(script)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, _ := bufio.NewReader(io.LimitReader(f, 4096)).ReadString('\n')
	if !strings.HasPrefix(line, "#!") {
		return "", fmt.Errorf("%s is not a Python script", script)
	}
	fields := strings.Fields(strings.TrimPrefix(line, "#!"))
	if len(fields) == 0 {
		return "", fmt.Errorf("%s names no interpreter", script)
	}
	if strings.HasSuffix(fields[0], "/env") && len(fields) > 1 { // #!/usr/bin/env python3
		return exec.LookPath(fields[1])
	}
	return fields[0], nil
}

// Version identifies the engine and the font files it uses.
func (e *Engine) Version() string { return e.version }

// PrintKey identifies the PDF MakeHTML makes of h: everything it sends
// the engine (the print HTML, the base, the count of documents), the
// driver that sets it, and the engine's and fonts' versions. A new version
// of gazette that prints an issue as the last did finds its PDF by this
// key, and makes nothing.
func (e *Engine) PrintKey(h []byte, base string, docs int) string {
	sum := sha256.New()
	for _, part := range []string{"gazette print 1", e.version, driver, base, strconv.Itoa(docs), string(h)} {
		fmt.Fprintf(sum, "%d:%s", len(part), part)
	}
	return hex.EncodeToString(sum.Sum(nil))
}

// Edition is a made PDF.
type Edition struct {
	PDF      []byte
	Pages    int
	Starts   []int    // the page on which each document starts, from 1
	Warnings []string // what the engine said about the HTML, for tests
}

// Make makes the PDF of an issue.
func (e *Engine) Make(ctx context.Context, is Issue) (*Edition, error) {
	h, err := HTML(is)
	if err != nil {
		return nil, err
	}
	return e.MakeHTML(ctx, h, is.URL, len(is.Docs))
}

// MakeHTML makes the PDF of the print HTML h (from HTML) of an issue with
// docs documents, whose links resolve against base.
func (e *Engine) MakeHTML(ctx context.Context, h []byte, base string, docs int) (*Edition, error) {
	req := struct {
		HTML    string   `json:"html"`
		Base    string   `json:"base"`
		Anchors []string `json:"anchors"`
	}{string(h), base, make([]string, docs)}
	for i := range docs {
		req.Anchors[i] = anchor(i)
	}
	line, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	w, err := e.worker(ctx)
	if err != nil {
		return nil, err
	}
	reply, err := w.ask(ctx, append(line, '\n'))
	if err != nil {
		e.drop(w)
		return nil, err
	}
	e.release(w)
	var r struct {
		PDF      string         `json:"pdf"`
		Pages    int            `json:"pages"`
		Anchors  map[string]int `json:"anchors"`
		Warnings []string       `json:"warnings"`
		Error    string         `json:"error"`
	}
	if err := json.Unmarshal(reply, &r); err != nil {
		return nil, fmt.Errorf("weasyprint: unreadable answer: %w", err)
	}
	if r.Error != "" {
		return nil, fmt.Errorf("weasyprint: %s", r.Error)
	}
	ed := &Edition{Pages: r.Pages, Starts: make([]int, docs), Warnings: r.Warnings}
	if ed.PDF, err = base64.StdEncoding.DecodeString(r.PDF); err != nil {
		return nil, fmt.Errorf("weasyprint: %w", err)
	}
	for i := range docs {
		if ed.Starts[i] = r.Anchors[anchor(i)]; ed.Starts[i] == 0 {
			return nil, fmt.Errorf("weasyprint: document %d of the issue is on no page", i+1)
		}
	}
	return ed, nil
}

// Close stops the workers.
func (e *Engine) Close() {
	e.mu.Lock()
	all := e.all
	e.all, e.idle = nil, nil
	e.mu.Unlock()
	for _, w := range all {
		w.stop()
	}
}

// worker takes an idle worker, or starts one when fewer than one per core
// run, or waits for one to be released.
func (e *Engine) worker(ctx context.Context) (*worker, error) {
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	e.mu.Lock()
	if n := len(e.idle); n > 0 {
		w := e.idle[n-1]
		e.idle = e.idle[:n-1]
		e.mu.Unlock()
		return w, nil
	}
	e.mu.Unlock()
	w, err := startWorker(e.python)
	if err != nil {
		<-e.slots
		return nil, err
	}
	e.mu.Lock()
	e.all = append(e.all, w)
	e.mu.Unlock()
	return w, nil
}

func (e *Engine) release(w *worker) {
	e.mu.Lock()
	e.idle = append(e.idle, w)
	e.mu.Unlock()
	<-e.slots
}

// drop stops a worker that failed: its process may be in any state.
func (e *Engine) drop(w *worker) {
	w.stop()
	e.mu.Lock()
	for i, x := range e.all {
		if x == w {
			e.all = append(e.all[:i], e.all[i+1:]...)
			break
		}
	}
	e.mu.Unlock()
	<-e.slots
}

// worker is one Python process running the driver's make loop.
type worker struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *tail
}

func startWorker(python string) (*worker, error) {
	cmd := exec.Command(python, "-c", driver, "make")
	w := &worker{cmd: cmd, stderr: &tail{}}
	cmd.Stderr = w.stderr
	var err error
	if w.in, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w.out = bufio.NewReaderSize(out, 1<<20)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("weasyprint: %w", err)
	}
	return w, nil
}

// ask sends one request line and reads the answer line. When ctx ends
// first, the process is killed (the caller drops the worker).
func (w *worker) ask(ctx context.Context, line []byte) ([]byte, error) {
	type answer struct {
		b   []byte
		err error
	}
	done := make(chan answer, 1)
	go func() {
		if _, err := w.in.Write(line); err != nil {
			done <- answer{nil, err}
			return
		}
		b, err := w.out.ReadBytes('\n')
		done <- answer{b, err}
	}()
	select {
	case a := <-done:
		if a.err != nil {
			return nil, fmt.Errorf("weasyprint stopped: %v %s", a.err, lastLine(w.stderr.String()))
		}
		return a.b, nil
	case <-ctx.Done():
		w.cmd.Process.Kill()
		<-done
		return nil, ctx.Err()
	}
}

func (w *worker) stop() {
	w.in.Close()
	if err := w.cmd.Wait(); err != nil {
		w.cmd.Process.Kill()
	}
}

// tail keeps the last few KB a process wrote to stderr, for error messages.
type tail struct {
	mu sync.Mutex
	b  []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 8192 {
		t.b = t.b[len(t.b)-8192:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}
