package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// sizeResult is every figure for one document count.
type sizeResult struct {
	n, docs, issues int
	prepared        string // "" or why the size could not be prepared
	prepare         time.Duration
	cold, noop      step
	edit            step
	live            step // the edit with gazette serve -watch running
	scheduled       step // a document's instant to its page and search, gazette serve -publish
	oneScript       step // the cold build with both_scripts: false
	oneScriptEdit   step // the one-document edit with both_scripts: false
	oneScriptBytes  int64
	hugo, pagefind  step
	search          loadResult
	searchNoCache   loadResult // the same load with gazette serve -no-results-cache
	newsroom        newsroomResult
	gazetteBytes    int64 // public/ + index/
	hugoBytes       int64 // Hugo's public/ without pagefind/
	pagefindBytes   int64
	elapsed         time.Duration
	loadAvg         string // at the end of the size
}

// measureSize prepares n documents and times every step on them.
func measureSize(ctx context.Context, cfg *config, e *env, n int, logw io.Writer) *sizeResult {
	start := time.Now()
	res := &sizeResult{n: n}
	r := &runner{ctx: ctx, timeout: cfg.timeout, logw: logw, n: n}
	defer func() {
		res.elapsed, res.loadAvg = time.Since(start), loadAvg()
		r.logf("done in %v (load average %s)", res.elapsed.Round(time.Second), res.loadAvg)
	}()
	r.logf("preparing %d documents", n)
	t, err := prepare(ctx, e, n)
	if err != nil {
		res.prepared = err.Error()
		why := "content not prepared"
		res.cold, res.noop, res.edit, res.live, res.hugo, res.pagefind = skipped(why), skipped(why), skipped(why), skipped(why), skipped(why), skipped(why)
		res.scheduled, res.oneScript, res.oneScriptEdit = skipped(why), skipped(why), skipped(why)
		res.search.status = "skipped: " + why
		res.searchNoCache.status = res.search.status
		skipAll(why, &res.newsroom.init, &res.newsroom.first, &res.newsroom.saves, &res.newsroom.listing)
		r.logf("%v", err)
		return res
	}
	if !cfg.keep {
		defer os.RemoveAll(t.dir)
	}
	res.docs, res.issues, res.prepare = len(t.docs), t.issues, t.took
	runs := cfg.runsFor(n)

	res.cold = r.repeat("gazette cold build", runs, func(i int) proc { return t.build(e, cfg, "cold", i) }, t.clean, nil)
	res.cold.detail = t.summary("cold", res.cold)
	if res.cold.ok() {
		res.gazetteBytes = dirSize(t.public()) + dirSize(t.index())
		res.noop = r.repeat("gazette no-change rebuild", runs, func(i int) proc { return t.build(e, cfg, "noop", i) }, nil, nil)
		res.noop.detail = t.summary("noop", res.noop)
		res.edit = t.edit(r, e, cfg, runs, "edit", 0)
		res.search = searchLoad(r, e, cfg, t, false)
		if cfg.uncached {
			res.searchNoCache = searchLoad(r, e, cfg, t, true)
		} else {
			res.searchNoCache.status = "skipped: -uncached=false"
		}
		res.live = t.live(r, e, cfg)
		res.scheduled = t.scheduled(r, e, cfg, res.cold.median())
		t.oneScript(r, e, cfg, runs, res)
	} else {
		why := "no gazette build"
		res.noop, res.edit, res.live, res.scheduled = skipped(why), skipped(why), skipped(why), skipped(why)
		res.oneScript, res.oneScriptEdit = skipped(why), skipped(why)
		res.search.status = "skipped: " + why
		res.searchNoCache.status = res.search.status
	}
	t.peers(r, e, runs, res)
	if cfg.newsroom {
		res.newsroom = t.newsroom(r, e, cfg)
	} else {
		skipAll("-newsroom=false", &res.newsroom.init, &res.newsroom.first, &res.newsroom.saves, &res.newsroom.listing)
	}
	return res
}

// peers times Hugo, then Pagefind over Hugo's output.
func (t *tree) peers(r *runner, e *env, runs int, res *sizeResult) {
	n := t.n
	if e.hugo == "" {
		res.hugo, res.pagefind = skipped(e.peerNote), skipped(e.peerNote)
		return
	}
	if why := memoryGuard(n, e.hugoMiBPerDoc); why != "" {
		res.hugo, res.pagefind = skipped(why), skipped("no Hugo output")
		r.logf("Hugo %s", why)
		return
	}
	res.hugo = r.repeat("Hugo", runs, func(i int) proc {
		return proc{dir: t.hugo, log: filepath.Join(t.logs, fmt.Sprintf("hugo-%d.log", i+1)), name: e.hugo,
			args: []string{"--quiet", "--source", t.hugo, "--destination", "public", "--cacheDir", filepath.Join(t.hugo, ".cache")}}
	}, func(int) error {
		return removeAll(filepath.Join(t.hugo, "public"), filepath.Join(t.hugo, "resources"), filepath.Join(t.hugo, ".cache"))
	}, func(int) error {
		page := filepath.Join(t.hugo, "public", filepath.FromSlash(strings.TrimSuffix(t.docs[0].path, ".md")), "index.html")
		if _, err := os.Stat(page); err != nil {
			return fmt.Errorf("hugo wrote no page for %s: %w", t.docs[0].path, err)
		}
		return nil
	})
	if !res.hugo.ok() {
		res.pagefind = skipped("no Hugo output")
		return
	}
	e.hugoMiBPerDoc = float64(res.hugo.rss) / (1 << 20) / float64(n)
	res.hugoBytes = dirSize(filepath.Join(t.hugo, "public"))
	if why := memoryGuard(n, e.pagefindMiBPerDoc); why != "" {
		res.pagefind = skipped(why)
		r.logf("Pagefind %s", why)
		return
	}
	res.pagefind = r.repeat("Pagefind", runs, func(i int) proc {
		return proc{dir: t.hugo, log: filepath.Join(t.logs, fmt.Sprintf("pagefind-%d.log", i+1)), name: e.pagefind,
			args: []string{"--site", "public"}}
	}, func(int) error {
		return os.RemoveAll(filepath.Join(t.hugo, "public", "pagefind"))
	}, func(int) error {
		_, err := os.Stat(filepath.Join(t.hugo, "public", "pagefind", "pagefind-entry.json"))
		return err
	})
	if res.pagefind.ok() {
		e.pagefindMiBPerDoc = float64(res.pagefind.rss) / (1 << 20) / float64(n)
		res.pagefindBytes = dirSize(filepath.Join(t.hugo, "public", "pagefind"))
	}
}

// memoryGuard returns why a peer must not run at n documents: when its
// expected peak is more than 90% of the memory available, it would only be
// killed by the kernel, and might take other processes with it.
func memoryGuard(n int, mibPerDoc float64) string {
	avail := procField("/proc/meminfo", "MemAvailable")
	var kb int64
	if _, err := fmt.Sscanf(avail, "%d kB", &kb); err != nil || kb == 0 {
		return ""
	}
	need := mibPerDoc * float64(n) * (1 << 20)
	if need > 0.9*float64(kb)*1024 {
		return fmt.Sprintf("would need about %s of memory, %s available", bytesIEC(int64(need)), bytesIEC(kb*1024))
	}
	return ""
}

func removeAll(paths ...string) error {
	var errs []error
	for _, p := range paths {
		errs = append(errs, os.RemoveAll(p))
	}
	return errors.Join(errs...)
}

// build is one gazette build of this tree; its cache, if it keeps one in the
// user cache directory, is under out/ too.
func (t *tree) build(e *env, cfg *config, name string, i int) proc {
	args := append([]string{"build", "-content", t.content, "-public", t.public(), "-index", t.index()}, cfg.buildFlags...)
	return proc{dir: t.dir, env: []string{"XDG_CACHE_HOME=" + t.cache()},
		log: filepath.Join(t.logs, fmt.Sprintf("%s-%d.log", name, i+1)), name: e.gazette, args: args}
}

// clean makes the next build cold: no public/, index/ or cache, and nothing
// in content/ but what scale.sh and prepare wrote there.
func (t *tree) clean(int) error {
	if err := os.RemoveAll(t.out); err != nil {
		return err
	}
	entries, err := os.ReadDir(t.content)
	if err != nil {
		return err
	}
	for _, de := range entries {
		if de.Name() != "site.yaml" && de.Name() != "gazette" {
			if err := os.RemoveAll(filepath.Join(t.content, de.Name())); err != nil {
				return err
			}
		}
	}
	return os.MkdirAll(t.cache(), 0o755)
}

// summary is the last line a step's last run printed: gazette's "built …" line.
func (t *tree) summary(name string, s step) string {
	if !s.ok() {
		return s.detail
	}
	b, _ := os.ReadFile(filepath.Join(t.logs, fmt.Sprintf("%s-%d.log", name, len(s.runs))))
	return tail(string(b), 1)
}

// oneScript builds the same documents again with both_scripts: false, cold
// and after an edit: what the second script costs is the difference. It
// puts site.yaml back after.
func (t *tree) oneScript(r *runner, e *env, cfg *config, runs int, res *sizeResult) {
	file := filepath.Join(t.content, "site.yaml")
	orig, err := os.ReadFile(file)
	if err == nil {
		err = os.WriteFile(file, oneScriptSite(orig), 0o644)
	}
	if err != nil {
		res.oneScript, res.oneScriptEdit = step{status: "failed", detail: err.Error()}, skipped("no one-script build")
		return
	}
	defer func() {
		if err := os.WriteFile(file, orig, 0o644); err != nil {
			r.logf("putting site.yaml back: %v", err)
		}
	}()
	res.oneScript = r.repeat("gazette cold build, one script", runs, func(i int) proc { return t.build(e, cfg, "cold-one-script", i) }, t.clean, nil)
	res.oneScript.detail = t.summary("cold-one-script", res.oneScript)
	if !res.oneScript.ok() {
		res.oneScriptEdit = skipped("no one-script build")
		return
	}
	res.oneScriptBytes = dirSize(t.public()) + dirSize(t.index())
	res.oneScriptEdit = t.edit(r, e, cfg, runs, "edit-one-script", 50)
}

var bothScripts = regexp.MustCompile(`(?m)^both_scripts:.*$`)

// oneScriptSite is a site.yaml that says both_scripts: false.
func oneScriptSite(site []byte) []byte {
	if bothScripts.Match(site) {
		return bothScripts.ReplaceAll(site, []byte("both_scripts: false"))
	}
	return append(bytes.TrimRight(site, "\n"), "\nboth_scripts: false\n"...)
}

// edit times rebuilds after changing one document's body, checking after
// each that the page and the index hold the new text and the index no
// longer finds the previous one. Its edits are numbered from first, so
// that two series on one tree write different words.
func (t *tree) edit(r *runner, e *env, cfg *config, runs int, name string, first int) step {
	d := t.docs[len(t.docs)/2]
	file := filepath.Join(t.content, filepath.FromSlash(d.path))
	orig, err := os.ReadFile(file)
	if err != nil {
		return step{status: "failed", detail: err.Error()}
	}
	url := "/" + strings.TrimSuffix(d.path, ".md") + "/"
	page := filepath.Join(t.public(), filepath.FromSlash(url), "index.html")
	s := r.repeat("gazette one-document edit ("+name+")", runs, func(i int) proc { return t.build(e, cfg, name, i) },
		func(i int) error {
			body := fmt.Sprintf("%s\n\n基準測試修改標記 %s\n", bytes.TrimRight(orig, "\n"), editToken(t.n, first+i))
			return os.WriteFile(file, []byte(body), 0o644)
		},
		func(i int) error {
			tok := editToken(t.n, first+i)
			b, err := os.ReadFile(page)
			if err != nil {
				return fmt.Errorf("edit of %s: %w", d.path, err)
			}
			if !bytes.Contains(b, []byte(tok)) {
				return fmt.Errorf("edit of %s: the page does not show it", d.path)
			}
			if err := t.expectHit(r.ctx, e, tok, url); err != nil {
				return fmt.Errorf("edit of %s: %w", d.path, err)
			}
			if i > 0 {
				if err := t.expectHit(r.ctx, e, editToken(t.n, first+i-1), ""); err != nil {
					return fmt.Errorf("edit of %s: the previous edit: %w", d.path, err)
				}
			}
			return nil
		})
	if s.ok() {
		s.detail = fmt.Sprintf("%s: page and index checked after each run; %s", d.path, t.summary(name, s))
	}
	return s
}

// editToken is a word found nowhere in the corpus, one per edit: letters
// only, since the index matches letters and digits as whole words.
func editToken(n, i int) string {
	var b strings.Builder
	b.WriteString("gzbench")
	for v := n*100 + i; ; v /= 26 {
		b.WriteByte(byte('a' + v%26))
		if v < 26 {
			break
		}
	}
	return b.String()
}

// expectHit runs gazette search for q: url must be the first hit, or, when
// url is "", there must be none.
func (t *tree) expectHit(ctx context.Context, e *env, q, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.gazette, "search", "-index", t.index(), "-json", q)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("gazette search %s: %v: %s", q, err, tail(stderr.String(), 3))
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			URL string `json:"url"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return fmt.Errorf("gazette search -json %s: %v", q, err)
	}
	switch {
	case url == "" && res.Total > 0:
		return fmt.Errorf("the index still finds %q (%d hits)", q, res.Total)
	case url != "" && (len(res.Hits) == 0 || !strings.HasSuffix(res.Hits[0].URL, url)):
		return fmt.Errorf("the index does not find %q on %s (%d hits)", q, url, res.Total)
	}
	return nil
}
