package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The newsroom step's work at every size: saves timed once the console is
// idle, and the staff listing's pages, every query at every page.
const newsroomSaves = 20

var (
	listingQueries = []string{"", "通知", "国务院", "華總一義字"} // and one document's organ
	listingPages   = []int{1, 2, 20, 100}
)

// newsroomEdits numbers the newsroom's tokens apart from the edits'.
const newsroomEdits = 70

// The drafter the benchmark adds; its password is only ever on this
// machine, in a record the run removes (unless -keep).
const (
	drafterName     = "bench"
	drafterPassword = "gazette-bench drafter"
)

// newsroomResult is the console's figures at one size.
type newsroomResult struct {
	init    step  // gazette console init: the record made from content/
	first   step  // the first save after the console starts cold
	saves   step  // saves once the console is idle
	listing step  // pages of the staff listing (/search)
	rss     int64 // the console's peak memory
}

// skipAll marks every one of steps skipped, for why.
func skipAll(why string, steps ...*step) {
	for _, s := range steps {
		*s = skipped(why)
	}
}

// newsroom times the console as an office uses it: the record is made with
// gazette console init from this size's content, a drafter is added with
// gazette user add, and gazette console starts on a free loopback port
// (no Decap CMS files: the protocol is gazette's own). A client logs in
// through the form, reads /cms/config.yml as Decap does, and saves new
// gazette documents into the newest issue's collection with the proxy
// protocol's persistEntry: the first as soon as the console answers, the
// others once it is idle. Then it pages through the staff listing.
func (t *tree) newsroom(r *runner, e *env, cfg *config) (res newsroomResult) {
	dir := filepath.Join(t.dir, "newsroom")
	repo, checkout, users := filepath.Join(dir, "content.git"), filepath.Join(dir, "content"), filepath.Join(dir, "users.json")
	res.init = t.consoleInit(r, e, cfg, dir, repo, checkout, users)
	if !res.init.ok() {
		skipAll("no record", &res.first, &res.saves, &res.listing)
		return res
	}
	failed := func(err error, steps ...*step) newsroomResult {
		steps[0].status, steps[0].detail = "failed", err.Error()
		skipAll("an earlier newsroom step failed", steps[1:]...)
		return res
	}
	if err := addDrafter(r.ctx, e, dir, users); err != nil {
		return failed(err, &res.first, &res.saves, &res.listing)
	}
	started := time.Now()
	srv, err := launch(r.ctx, e.gazette, []string{"console", "-repo", repo, "-checkout", checkout, "-users", users,
		"-state", filepath.Join(dir, "console"), "-decap", "", "-templates", filepath.Join(e.root, "templates")},
		dir, filepath.Join(t.logs, "console.log"), []string{"XDG_CACHE_HOME=" + filepath.Join(dir, "cache")}, "/login", serveStartup)
	if err != nil {
		return failed(fmt.Errorf("gazette console: %w", err), &res.first, &res.saves, &res.listing)
	}
	defer func() {
		start := time.Now()
		res.rss = srv.stop()
		r.logf("gazette console stopped in %v", time.Since(start).Round(time.Millisecond))
	}()
	answered := time.Since(started)
	c := newConsoleClient(srv)
	if err := c.login(r.ctx, drafterName, drafterPassword); err != nil {
		return failed(err, &res.first, &res.saves, &res.listing)
	}
	loggedIn := time.Since(started)
	coll, folder, err := c.issueCollection(r.ctx)
	if err != nil {
		return failed(err, &res.first, &res.saves, &res.listing)
	}
	date := t.dateIn(folder)
	if date == "" {
		return failed(fmt.Errorf("no document in %s to date a new one by", folder), &res.first, &res.saves, &res.listing)
	}
	s := benchSave{c: c, t: t, coll: coll, folder: folder, date: date}
	sentAt := time.Since(started)
	res.first = s.time(r, "newsroom first save after a cold start", 0, 1)
	if !res.first.ok() {
		skipAll("the first save failed", &res.saves, &res.listing)
		return res
	}
	res.first.detail = fmt.Sprintf("after the console started: it answered at %s, the login was done at %s, config.yml read and the save sent at %s",
		dur(answered), dur(loggedIn), dur(sentAt))
	idle, err := waitIdle(r.ctx, srv.cmd.Process.Pid, cfg.timeout)
	r.logf("gazette console idle %v after the first save (%v)", idle.Round(time.Millisecond), err)
	res.saves = s.time(r, "newsroom save", 1, newsroomSaves)
	if res.saves.ok() {
		res.saves.detail = fmt.Sprintf("%d new documents in %s (collection %s), each its own draft; the console idle %s after the first save",
			newsroomSaves, folder, coll, dur(idle))
		if err != nil {
			res.saves.detail += " (" + err.Error() + ")"
		}
		if err := s.refused(r.ctx); err != nil {
			res.saves.status, res.saves.detail = "failed", err.Error()
		}
	}
	if !res.saves.ok() {
		res.listing = skipped("the saves failed")
		return res
	}
	res.listing = t.listing(r, c, s.title(newsroomSaves))
	return res
}

// consoleInit times gazette console init: the record made from the size's
// content, with its checkout and an empty accounts file, under dir.
func (t *tree) consoleInit(r *runner, e *env, cfg *config, dir, repo, checkout, users string) step {
	return r.repeat("gazette console init", cfg.runsFor(t.n), func(i int) proc {
		return proc{dir: dir, log: filepath.Join(t.logs, fmt.Sprintf("console-init-%d.log", i+1)), name: e.gazette,
			args: []string{"console", "init", "-from", t.content, "-repo", repo, "-checkout", checkout, "-users", users}}
	}, func(int) error {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		return os.MkdirAll(dir, 0o755)
	}, func(int) error {
		_, err := os.Stat(filepath.Join(checkout, "site.yaml"))
		return err
	})
}

// addDrafter adds the benchmark's 起草 account with gazette user add, the
// password on its input as a script gives it.
func addDrafter(ctx context.Context, e *env, dir, users string) error {
	cmd := exec.CommandContext(ctx, e.gazette, "user", "add", "-users", users, "-role", "起草",
		"-display", "基準測試", "-email", "bench@office.example", drafterName)
	cmd.Dir, cmd.Stdin = dir, strings.NewReader(drafterPassword+"\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("gazette user add: %v: %s", err, tail(string(out), 3))
	}
	return nil
}

// dateIn is the date of a document in folder (YYYY-MM-DD), or "".
func (t *tree) dateIn(folder string) string {
	for _, d := range t.docs {
		if strings.HasPrefix(d.path, folder+"/") && len(d.date) >= 10 {
			return d.date[:10]
		}
	}
	return ""
}

// benchSave makes the documents the newsroom step saves: a new gazette
// document each, dated like the issue's others, with a 文號 of its own and
// a word found nowhere else in its title.
type benchSave struct {
	c                  *consoleClient
	t                  *tree
	coll, folder, date string
}

func (s *benchSave) title(i int) string {
	return "關於基準測試的通知 " + editToken(s.t.n, newsroomEdits+i)
}

func (s *benchSave) doc(i int, date string) string {
	return fmt.Sprintf("---\ntitle: %s\ndate: %s\norgan: 長春市人民政府辦公廳\ndoc_number: 長府辦發〔%s〕%d號\nwritten: %s\n---\n正文%d。\n",
		s.title(i), date, s.date[:4], 90000+i, s.date, i)
}

// time times saves first … first+n-1, each of a new document.
func (s *benchSave) time(r *runner, label string, first, n int) step {
	var st step
	for i := first; i < first+n; i++ {
		slug := fmt.Sprintf("bench-%d", i)
		start := time.Now()
		code, body, err := s.c.persist(r.ctx, s.coll, slug, s.folder+"/"+slug+".md", s.doc(i, s.date))
		took := time.Since(start)
		if err == nil && code != 200 {
			err = fmt.Errorf("persistEntry of %s/%s.md: %d %s", s.folder, slug, code, oneLine(body))
		}
		r.logf("%s %d/%d: %v%s", label, i-first+1, n, took.Round(time.Millisecond), errSuffix(err))
		if err != nil {
			st.status, st.detail = "failed", err.Error()
			return st
		}
		st.runs = append(st.runs, took)
	}
	return st
}

// diagnostic is a finding as gazette check writes it: path:line:col.
var diagnostic = regexp.MustCompile(`content/\S+\.md:\d+:\d+: error: `)

// refused makes sure that the saves were checked: a document dated on no
// day is refused with its path:line:col.
func (s *benchSave) refused(ctx context.Context) error {
	slug := "bench-refused"
	code, body, err := s.c.persist(ctx, s.coll, slug, s.folder+"/"+slug+".md", s.doc(newsroomSaves+1, s.date[:4]+"-13-01"))
	switch {
	case err != nil:
		return err
	case code != 422 || !diagnostic.MatchString(body):
		return fmt.Errorf("a document dated %s-13-01 was not refused with its path:line:col: %d %s", s.date[:4], code, oneLine(body))
	}
	return nil
}

// total is the count the staff listing gives: "N 篇".
var total = regexp.MustCompile(`(\d+) 篇`)

// listing times pages of the staff listing, every query at every page;
// the unfiltered listing must count every document, and the search must
// list the last draft saved by its title.
func (t *tree) listing(r *runner, c *consoleClient, draftTitle string) step {
	qs := listingQueries
	for _, d := range t.docs[len(t.docs)/2:] {
		if d.organ != "" {
			qs = append(slices.Clone(qs), d.organ)
			break
		}
	}
	var st step
	all := -1
	for _, q := range qs {
		for _, page := range listingPages {
			start := time.Now()
			code, body, err := c.do(r.ctx, "GET", fmt.Sprintf("/search?q=%s&page=%d", url.QueryEscape(q), page), "", nil)
			took := time.Since(start)
			m := total.FindStringSubmatch(body)
			if err == nil && (code != 200 || m == nil) {
				err = fmt.Errorf("staff listing %q page %d: %d, no count of documents", q, page, code)
			}
			if err != nil {
				st.status, st.detail = "failed", err.Error()
				return st
			}
			if q == "" && page == 1 {
				all, _ = strconv.Atoi(m[1])
			}
			st.runs = append(st.runs, took)
		}
	}
	r.logf("staff listing: %d pages, median %v, slowest %v", len(st.runs), st.median().Round(time.Millisecond), st.max().Round(time.Millisecond))
	if all < len(t.docs) {
		st.status, st.detail = "failed", fmt.Sprintf("the staff listing counts %d documents of %d", all, len(t.docs))
		return st
	}
	word := strings.Fields(draftTitle)[1]
	if code, body, err := c.do(r.ctx, "GET", "/search?q="+word, "", nil); err != nil || code != 200 || !strings.Contains(body, draftTitle) {
		st.status, st.detail = "failed", fmt.Sprintf("the staff search for %s does not list the draft %q (%d, %v)", word, draftTitle, code, err)
		return st
	}
	st.detail = fmt.Sprintf("%d pages: the queries %s, each at pages %s; the listing counts %s documents; the last draft saved is found by its title",
		len(st.runs), quoteList(qs), intList(listingPages), thousands(all))
	return st
}

// waitIdle waits until the process pid has used less than 2% of a CPU
// over a second — the console's start-up work (its staff index, the
// checks' copy of the published tree, the preview site) done — for at most
// limit, and returns how long it waited.
func waitIdle(ctx context.Context, pid int, limit time.Duration) (time.Duration, error) {
	start := time.Now()
	last, err := cpuTime(pid)
	for err == nil && time.Since(start) < limit {
		select {
		case <-ctx.Done():
			return time.Since(start), ctx.Err()
		case <-time.After(time.Second):
		}
		var now time.Duration
		if now, err = cpuTime(pid); err == nil && now-last < 20*time.Millisecond {
			return time.Since(start), nil
		}
		last = now
	}
	if err == nil {
		err = fmt.Errorf("still busy after %v", limit)
	}
	return time.Since(start), err
}

// cpuTime is the CPU time a process and its reaped children used, from
// /proc/<pid>/stat (utime, stime, cutime, cstime; clock ticks of 1/100 s).
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, errors.New("unexpected /proc stat format")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 15 {
		return 0, errors.New("unexpected /proc stat format")
	}
	var ticks int64
	for _, s := range f[11:15] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}
