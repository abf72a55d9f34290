package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/accounts"
	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/console"
	"gazette/cmd/gazette/internal/record"
)

// The newsroom's places, by default relative to where gazette runs (see
// docs/newsroom.md).
const (
	defaultRepo     = "newsroom/content.git"
	defaultCheckout = "newsroom/content"
	defaultState    = "newsroom/console"
	defaultUsers    = "newsroom/users.json"
	defaultDecap    = "console/node_modules/decap-cms/dist"
)

func runConsole(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && args[0] == "init" {
		return runConsoleInit(ctx, e, args[1:])
	}
	fl := e.flags("console")
	addr := fl.String("addr", "127.0.0.1:8090", "`host:port` to listen on: never the public site's (deploy/nginx-console.conf puts it behind TLS, for the office's network only)")
	repo := fl.String("repo", defaultRepo, "the content `repository` (bare; its pre-receive hook is gazette hook)")
	branch := fl.String("branch", "main", "the published `branch`")
	checkout := fl.String("checkout", defaultCheckout, "the `dir`ectory checked out from the published branch, which the build reads (-content of serve -publish); \"\" for none")
	state := fl.String("state", defaultState, "the console's own `dir`ectory: audit log and previews")
	users := fl.String("users", defaultUsers, "the accounts `file` (gazette user)")
	decap := fl.String("decap", defaultDecap, "decap-cms's dist `dir`ectory (npm ci in console/)")
	tmplDir := fl.String("templates", "templates", "templates `dir`ectory, for the previews")
	header := fl.String("identity-header", "", "the `header` in which the office's single sign-on names the person (e.g. X-Remote-User); needs -trusted-proxy")
	trusted := fl.String("trusted-proxy", "", "comma-separated `addresses` or CIDR prefixes of the proxy in front (nginx), whose X-Real-IP and identity header are believed")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return 2
	}
	fail := func(err error) int { fmt.Fprintf(e.stderr, "gazette console: %v\n", err); return 1 }
	var prefixes []netip.Prefix
	for _, s := range strings.Split(*trusted, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return fail(fmt.Errorf("-trusted-proxy %q: not an address or prefix", s))
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		prefixes = append(prefixes, p)
	}
	if *header != "" && len(prefixes) == 0 {
		return fail(errors.New("-identity-header needs -trusted-proxy: the header is believed from the proxy only"))
	}
	r, err := record.Open(*repo, *branch, e.now)
	if err != nil {
		return fail(fmt.Errorf("%w (gazette console init makes one)", err))
	}
	store, err := accounts.Open(*users, accounts.Cost{})
	if err != nil {
		return fail(err)
	}
	if list, err := store.List(); err != nil || len(list) == 0 {
		return fail(fmt.Errorf("no accounts in %s: add them with gazette user add", *users))
	}
	srv, err := console.New(console.Options{Repo: r, Checkout: *checkout, State: *state, Decap: *decap, Users: store,
		Templates: templateFS(*tmplDir), Build: previewBuild, Clock: e.now, Log: slog.New(slog.NewTextHandler(e.stderr, nil)),
		IdentityHeader: *header, TrustedProxies: prefixes})
	if err != nil {
		return fail(err)
	}
	defer srv.Close()
	err = srv.Run(ctx, *addr, func(a net.Addr) {
		fmt.Fprintf(e.stdout, "gazette console: the newsroom on http://%s/ (open it as http://localhost:%d/ on this machine)\n", a, a.(*net.TCPAddr).Port)
	})
	if err != nil {
		return fail(err)
	}
	return 0
}

// runConsoleInit makes the record from a content folder: the bare
// repository with its hook, and the checkout the build reads.
func runConsoleInit(ctx context.Context, e *env, args []string) int {
	fl := e.flags("console")
	from := fl.String("from", "content", "the content `dir`ectory to begin with")
	repo := fl.String("repo", defaultRepo, "the content `repository` to make (bare)")
	checkout := fl.String("checkout", defaultCheckout, "the checkout to make, which the build reads")
	branch := fl.String("branch", "main", "the published `branch`")
	users := fl.String("users", defaultUsers, "the accounts `file` the hook checks pushers against")
	if c := parse(fl, args); c >= 0 {
		return c
	}
	if err := record.Create(*repo, *checkout, *branch, os.DirFS(*from), e.now()); err != nil {
		fmt.Fprintf(e.stderr, "gazette console init: %v\n", err)
		return 1
	}
	if err := installHook(*repo, *users, *branch); err != nil {
		fmt.Fprintf(e.stderr, "gazette console init: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "made %s (branch %s, with the pre-receive hook) and its checkout %s from %s\n", *repo, *branch, *checkout, *from)
	fmt.Fprintf(e.stdout, "next: gazette user add …, then gazette serve -publish -content %s, and gazette console\n", *checkout)
	return 0
}

func runHook(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || (args[0] != "pre-receive" && args[0] != "install") {
		fmt.Fprintln(e.stderr, "usage: gazette hook pre-receive [-branch main] [-users file]   (run by git)\n       gazette hook install [-repo dir] [-branch main] [-users file]")
		return 2
	}
	fl := e.flags("hook")
	branch := fl.String("branch", "main", "the published `branch`")
	users := fl.String("users", defaultUsers, "the accounts `file`: who may push")
	repo := fl.String("repo", defaultRepo, "with install: the bare `repository`")
	if c := parse(fl, args[1:]); c >= 0 {
		return c
	}
	if args[0] == "install" {
		if err := installHook(*repo, *users, *branch); err != nil {
			fmt.Fprintf(e.stderr, "gazette hook install: %v\n", err)
			return 1
		}
		fmt.Fprintf(e.stdout, "installed the pre-receive hook of %s\n", *repo)
		return 0
	}
	store, err := accounts.Open(*users, accounts.Cost{})
	if err != nil {
		fmt.Fprintf(e.stderr, "gazette hook: %v\n", err)
		return 1
	}
	err = record.PreReceive(ctx, record.HookOptions{Dir: ".", Branch: *branch, People: store, Env: e.getenv,
		Stdin: os.Stdin, Stderr: e.stderr})
	switch {
	case errors.Is(err, record.ErrRefused):
		return 1
	case err != nil:
		fmt.Fprintf(e.stderr, "gazette hook: %v\n", err)
		return 1
	}
	return 0
}

// installHook writes the repository's pre-receive hook to run this program
// with absolute paths (git runs hooks in the repository).
func installHook(repo, users, branch string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	absUsers, err := filepath.Abs(users)
	if err != nil {
		return err
	}
	return record.InstallHook(repo, fmt.Sprintf("%s hook pre-receive -branch %s -users %s",
		record.ShellQuote(self), record.ShellQuote(branch), record.ShellQuote(absUsers)))
}

// previewBuild is the console's preview: a build with drafts, into its own
// store (build.Options.Drafts), never the live site's.
func previewBuild(ctx context.Context, content, tmpl fs.FS, public string, now time.Time) error {
	_, err := build.Run(ctx, build.Options{Content: content, ContentRoot: "content", Templates: tmpl, Public: public, Now: now, Drafts: true})
	return err
}
