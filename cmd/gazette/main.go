// Command gazette builds and serves a government gazette site.
//
//	gazette build   [-content content] [-templates templates] [-public public] [-index index] [-drafts] [-full] [-adopt]
//	                [-q] [-v] [-cpuprofile file]
//	gazette serve   [-addr 127.0.0.1:8080] [-public public] [-index index] [-templates templates]
//	                [-watch [-drafts] [-content content]] [-publish [-content content] [-publish-every 1m]]
//	                [-no-results-cache] [-v]
//	gazette check   [-content content] [-format text|json]
//	gazette schedule [-content content] [-public public] [-format text|json]
//	gazette new     [-content content] [-issue YYYY/NN] [-year YYYY] gazette-doc|briefing|news|issue|page|report TITLE
//	gazette report  [-content content] [-year YYYY] [-format text|json|csv]
//	gazette search  [-index index] [-json] [-in title|number] [-section S] [-organ O] [-topic T] [-category C]
//	                [-validity V] [-year Y] [-from D] [-to D] [-sort date] [-page N] [-size N] QUERY
//	gazette console [init] [-addr 127.0.0.1:8090] [-repo newsroom/content.git] [-branch main]
//	                [-checkout newsroom/content] [-state newsroom/console] [-users newsroom/users.json]
//	                [-templates templates] [-decap dir] [-identity-header H -trusted-proxy CIDR]
//	gazette hook    pre-receive|install [-branch main] [-users newsroom/users.json]
//	gazette user    add|passwd|disable|enable|list [-users newsroom/users.json] [-role R] [-display NAME] [-email E] [NAME]
//	gazette version
//	gazette help    COMMAND
//
// Flags are parsed here and nowhere else; each stage takes explicit options.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/lint"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/site"
	"gazette/templates"
)

// version is set at link time (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value // the signal that stopped the command
	go func() {
		sig := <-sigs
		// The first signal asks the command to stop cleanly; with the
		// handler gone, a second one ends the process at once.
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		got.Store(sig)
		cause := stopped{sig}
		fmt.Fprintf(os.Stderr, "gazette: %v: stopping (%s)\n", cause, cause.again())
		cancel(cause)
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if sig, ok := got.Load().(syscall.Signal); ok && code != 0 {
		// A command the signal cut short ends as the shell reports one
		// that the signal killed (128 + its number: 130, 143), so that a
		// script or a service manager tells it from a failure. A server
		// asked to stop, that stopped cleanly, exits 0.
		code = 128 + int(sig)
	}
	os.Exit(code)
}

// stopped is why a command's context ends when a signal comes.
type stopped struct{ sig os.Signal }

func (s stopped) Error() string {
	if s.sig == syscall.SIGTERM {
		return "terminated (SIGTERM)"
	}
	return "interrupted"
}

// again says what a second signal does.
func (s stopped) again() string {
	if s.sig == syscall.SIGTERM {
		return "a second signal quits at once"
	}
	return "press Ctrl-C again to quit at once"
}

// env is what a command reads from outside its flags: the terminal, the
// clock and the environment. Tests replace any of it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	getenv         func(string) string
	terminal       func(w io.Writer) bool // whether w is an interactive terminal
}

func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("gazette "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	for _, c := range commands() {
		if c.name == name {
			fs.Usage = func() { commandUsage(e.stderr, c, fs) }
		}
	}
	return fs
}

type command struct {
	name, args, summary, examples string
	run                           func(ctx context.Context, e *env, args []string) int
}

func commands() []command {
	return []command{
		{"build", "[-content dir] [-templates dir] [-public dir] [-index dir] [-drafts] [-full] [-adopt] [-q] [-v] [-cpuprofile file]",
			"build the site into public/ and the search index into index/",
			"gazette build\ngazette build -drafts   # a preview with drafts and embargoed documents, into preview/ and preview-index/\ngazette serve -public preview -index preview-index", runBuild},
		{"serve", "[-addr host:port] [-public dir] [-index dir] [-templates dir] [-watch [-drafts] | -publish [-publish-every 1m]] [-content dir] [-no-results-cache] [-v]",
			"serve public/ with search; with -watch, rebuild on every edit and reload the browser; with -publish, build at every due instant",
			"gazette serve\ngazette serve -watch            # live preview while editing\ngazette serve -publish          # publish embargoed documents on time\ngazette serve -addr :8080", runServe},
		{"check", "[-content dir] [-format text|json]",
			"check the content for errors and likely mistakes without building",
			"gazette check\ngazette check -format json > check.json", runCheck},
		{"schedule", "[-content dir] [-public dir] [-format text|json]",
			"list what the clock will publish or expire, the next instant first, and what is overdue: due and not in the live site",
			"gazette schedule\ngazette schedule -format json | jq -r .next\ngazette schedule -format json | jq '.overdue[] | .id + \" \" + .path'", runSchedule},
		{"new", "[-content dir] [-issue YYYY/NN] [-year YYYY] gazette-doc|briefing|news|issue|page|report TITLE",
			"create a document with every required field filled in",
			"gazette new issue \"長春市人民政府公報 2026年第1期\"\ngazette new -issue 2026/01 gazette-doc \"關於做好供熱保障工作的通知\"\ngazette new briefing \"一季度12345熱線運行情況\"\ngazette new page \"聯繫我們\"\ngazette new -year 2025 report   # the title is optional", runNew},
		{"report", "[-content dir] [-year YYYY] [-format text|json|csv]",
			"print a year's annual disclosure report figures: computed from the archive, or given in its data block",
			"gazette report                  # last year's\ngazette report -year 2024 -format csv > 2024.csv", runReport},
		{"search", "[-index dir] [-json] [-in title|number] [-section S] [-organ O] [-topic T] [-category C] [-validity V] [-year Y] [-from D] [-to D] [-sort date] [-page N] [-size N] QUERY",
			"search the index from a terminal",
			"gazette search 供熱\ngazette search '\"中华人民共和国 刑法\"' -修正案\ngazette search -in number 长府发2025\ngazette search -organ 長春市人民政府 -year 2025 -json 营商环境", runSearch},
		{"console", "[init] [-addr host:port] [-repo dir] [-branch main] [-checkout dir] [-state dir] [-users file] [-templates dir] [-decap dir] [-identity-header H -trusted-proxy CIDR]",
			"the newsroom: edit, review and sign off in a browser (Decap CMS), every change a commit",
			"gazette console init            # newsroom/content.git and its checkout, from content/\ngazette console                 # on http://127.0.0.1:8090/", runConsole},
		{"hook", "pre-receive|install [-branch main] [-users file] [-repo dir]",
			"the content repository's pre-receive hook: the newsroom's gate for git pushes",
			"gazette hook install -repo newsroom/content.git", runHook},
		{"user", "add|passwd|disable|enable|list [-users file] [-role R] [-display NAME] [-email E] [NAME]",
			"manage the newsroom's accounts (argon2id hashes; roles 起草, 審核, 簽發, 管理)",
			"gazette user add -role 起草 -display 王小明 -email alice@office.example alice\ngazette user passwd alice\ngazette user disable alice\ngazette user list", runUser},
		{"version", "", "print the version", "gazette version", func(_ context.Context, e *env, args []string) int {
			fl := e.flags("version")
			if c := parse(fl, args); c >= 0 {
				return c
			}
			fmt.Fprintln(e.stdout, "gazette", version)
			return 0
		}},
	}
}

// run dispatches a command line and returns the exit code: 0 success,
// 1 failure, 2 usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runEnv(ctx, &env{stdin: os.Stdin, stdout: stdout, stderr: stderr, now: time.Now, getenv: os.Getenv, terminal: isTerminal}, args)
}

func runEnv(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					h := *e // help asked for goes to stdout
					h.stderr = e.stdout
					return c.run(ctx, &h, []string{"-h"})
				}
			}
			fmt.Fprintf(e.stderr, "gazette help: unknown command %q\n", args[1])
			usage(e.stderr)
			return 2
		}
		if len(args) == 0 {
			usage(e.stderr)
			return 2
		}
		usage(e.stdout)
		return 0
	}
	if args[0] == "-version" || args[0] == "--version" {
		args = []string{"version"}
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "gazette: unknown command %q\n", args[0])
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "gazette publishes a government gazette: Markdown in content/, a static site in public/.\n\nusage: gazette COMMAND [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nThe editor's workflow: gazette new → edit → gazette check → gazette serve -watch → gazette build.")
	fmt.Fprintln(w, "Run 'gazette help COMMAND' (or 'gazette COMMAND -h') for a command's flags and examples.")
}

func commandUsage(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: gazette %s %s\n\n%s.\n", c.name, c.args, strings.ToUpper(c.summary[:1])+c.summary[1:])
	if fs != nil {
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(w, "\nflags:")
			out := fs.Output()
			fs.SetOutput(w)
			fs.PrintDefaults()
			fs.SetOutput(out)
		}
	}
	if c.examples != "" {
		fmt.Fprintln(w, "\nexamples:")
		for _, l := range strings.Split(c.examples, "\n") {
			fmt.Fprintln(w, "  "+l)
		}
	}
}

// parse parses flags; it returns -1 to go on, or the exit code.
func parse(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	return -1
}

// contentFS reads the content folder through os.Root, as serve reads
// public/: no path, and no symbolic link made at any moment, leads out of it
// (content.Load refuses every link it finds besides). The root lives as long
// as the command; its finalizer closes it should one process run many.
func contentFS(dir string) fs.FS {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return failedFS{err}
	}
	return root.FS()
}

// failedFS is a folder that could not be opened: every read says why.
type failedFS struct{ err error }

func (f failedFS) Open(string) (fs.File, error) { return nil, f.err }

// templateFS layers a templates folder on disk, when there is one, over the
// defaults compiled into the binary.
func templateFS(dir string) fs.FS {
	if info, err := os.Stat(dir); err == nil && info.IsDir() {
		return site.Overlay(os.DirFS(dir), templates.FS)
	}
	return templates.FS
}

// logger is the structured log of -v (debug) or the default (warnings).
func logger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func runBuild(ctx context.Context, e *env, args []string) int {
	fl := e.flags("build")
	contentDir := fl.String("content", "content", "content `dir`ectory (Markdown and site.yaml)")
	tmplDir := fl.String("templates", "templates", "templates `dir`ectory; files there override the built-in ones")
	public := fl.String("public", "public", "output `dir`ectory for the site (with -drafts: preview)")
	index := fl.String("index", "index", "output `dir`ectory for the search index (with -drafts: preview-index)")
	drafts := fl.Bool("drafts", false, "a preview: include drafts and embargoed documents, in outputs of its own, never the live site's")
	full := fl.Bool("full", false, "use nothing of earlier builds: render and make every file again")
	adopt := fl.Bool("adopt", false, "move an older gazette's output found at -public or -index (a site with sitemap.xml and 404.html, a Bleve index) into .gazette/adopted/ instead of refusing it")
	quiet := fl.Bool("q", false, "print nothing but errors")
	verbose := fl.Bool("v", false, "log each stage (structured, to stderr)")
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile of the build to `file` (go tool pprof reads it)")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return 2
	}
	if *drafts {
		previewOutputs(fl, public, index)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintf(e.stderr, "gazette build: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(e.stderr, "gazette build: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// Rendered bodies are kept on disk, so the heap is mostly the
		// index's analysis in flight: small, and full of pointers, which
		// the collector at the default GOGC scans far more often than the
		// memory saved is worth. A high GOGC under a soft limit keeps a
		// large build under 2 GiB (BENCHMARKS.md) without that cost.
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(1100 << 20)
	}
	log := logger(e.stderr, *verbose)
	bar := newProgress(e, *quiet)
	sum, err := build.Run(ctx, build.Options{
		Content: contentFS(*contentDir), ContentRoot: *contentDir, Templates: templateFS(*tmplDir),
		Public: *public, Index: *index, Now: e.now(), Drafts: *drafts, Adopt: *adopt, Full: *full,
		Progress: func(stage string, done, total int) {
			if done == 0 {
				log.Debug("stage", "name", stage, "total", total)
			}
			bar.update(stage, done, total)
		},
	})
	bar.finish()
	if err != nil {
		switch {
		case errors.Is(err, context.Canceled):
			fmt.Fprintf(e.stderr, "gazette build: %v; public/ and index/ are unchanged\n", stopCause(ctx))
		case errors.Is(err, syscall.ENOSPC):
			fmt.Fprintf(e.stderr, "gazette build: the disk is full (%v): free space where %s is and build again; public/ and index/ are unchanged\n",
				err, filepath.Join(filepath.Dir(filepath.Clean(*public)), storeDir(*drafts)))
		default:
			reportError(e.stderr, err)
			fmt.Fprintln(e.stderr, "gazette build: failed; public/ and index/ are unchanged")
		}
		return 1
	}
	log.Debug("built", "documents", sum.Documents, "pages", sum.Pages, "feeds", sum.Feeds, "files", sum.Files,
		"index_added", sum.Index.Added, "index_changed", sum.Index.Changed, "index_removed", sum.Index.Removed, "took", sum.Took)
	if sum.Notice != "" {
		fmt.Fprintln(e.stderr, "gazette build: "+sum.Notice)
	}
	if !*quiet {
		fmt.Fprintf(e.stdout, "built %s\n", sum)
	}
	return 0
}

// previewOutputs points a drafts preview at outputs of its own, preview/
// and preview-index/, where -public and -index do not name others: a
// preview is never written into the live site (publish.Store refuses the
// live site's links to one that tries).
func previewOutputs(fl *flag.FlagSet, public, index *string) {
	given := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if !given["public"] {
		*public = "preview"
	}
	if !given["index"] {
		*index = "preview-index"
	}
}

// storeDir is the folder beside public/ where a build keeps its state.
func storeDir(preview bool) string {
	if preview {
		return publish.PreviewDir
	}
	return publish.StoreDir
}

// stopCause says why ctx ended: the signal that stopped the command.
func stopCause(ctx context.Context) error {
	var s stopped
	if errors.As(context.Cause(ctx), &s) {
		return s
	}
	return errors.New("interrupted")
}

// reportError prints content errors one per line, others as they are.
func reportError(w io.Writer, err error) {
	var list content.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(w, lint.FromError(e))
		}
		fmt.Fprintf(w, "%d error(s)\n", len(list))
		return
	}
	fmt.Fprintf(w, "gazette: %v\n", err)
}
