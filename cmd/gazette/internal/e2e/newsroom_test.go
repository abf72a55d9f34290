package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"gazette/cmd/internal/testenv"
)

// newsroom is an office: the record made by gazette console init from the
// sample content, three people, the console, and the public site served by
// a publishing gazette serve behind nginx (deploy/nginx.conf, over HTTPS).
type newsroom struct {
	t       *testing.T
	bin     string
	dir     string // the office: newsroom/ (record, checkout, accounts) and site/ (public, index)
	console string // http://localhost:port
	site    *front
}

// decapDist finds Decap CMS installed in console/ (npm ci there), or skips
// the test (fails under CI=true).
func decapDist(t *testing.T) string {
	t.Helper()
	dist, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "console", "node_modules", "decap-cms", "dist"))
	if err == nil {
		_, err = os.Stat(filepath.Join(dist, "decap-cms.js"))
	}
	if err != nil {
		testenv.Missing(t, fmt.Sprintf("Decap CMS: %v: .ci/run must run npm ci in console/", err), fmt.Sprintf("Decap CMS is not installed (%v): npm ci in console/", err))
	}
	return dist
}

func (n *newsroom) gazette(stdin string, args ...string) string {
	n.t.Helper()
	cmd := exec.Command(n.bin, args...)
	cmd.Dir = n.dir
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		n.t.Fatalf("gazette %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// daemon starts gazette in dir as a server and stops it when the test ends.
func (n *newsroom) daemon(dir, log string, args ...string) {
	n.t.Helper()
	f, err := os.Create(filepath.Join(n.dir, log))
	if err != nil {
		n.t.Fatal(err)
	}
	cmd := exec.Command(n.bin, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, f, f
	if err := cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	n.t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		f.Close()
		if n.t.Failed() {
			b, _ := os.ReadFile(filepath.Join(n.dir, log))
			n.t.Logf("%s:\n%s", log, b)
		}
	})
}

func openNewsroom(t *testing.T) *newsroom {
	t.Helper()
	ngx := nginxPath(t)
	decap := decapDist(t)
	n := &newsroom{t: t, bin: gazetteBinary(t), dir: t.TempDir()}
	sample, _ := filepath.Abs(filepath.Join("..", "..", "..", "..", "content"))
	tmpl, _ := filepath.Abs(filepath.Join("..", "..", "..", "..", "templates"))
	n.gazette("", "console", "init", "-from", sample)
	for _, p := range [][3]string{{"alice", "起草", "王小明"}, {"bob", "審核", "李審核"}, {"carol", "簽發", "張簽發"}} {
		n.gazette("correct horse battery\n", "user", "add", "-role", p[1], "-display", p[2], "-email", p[0]+"@office.example", p[0])
	}
	// The public site: one publishing replica reading the checkout, and
	// nginx's workers reading what it publishes.
	site := filepath.Join(n.dir, "site")
	os.MkdirAll(site, 0o755)
	openDirs(t, filepath.Dir(n.dir), n.dir)
	pub := freePort(t)
	n.daemon(site, "serve.log", "serve", "-publish", "-publish-every", "2s", "-content", "../newsroom/content", "-templates", tmpl,
		"-addr", fmt.Sprintf("127.0.0.1:%d", pub))
	waitFor(t, fmt.Sprintf("http://127.0.0.1:%d/healthz", pub), 60*time.Second)
	n.site = startFront(t, ngx, site, [2]int{pub, pub})
	// The console.
	cport := freePort(t)
	n.daemon(n.dir, "console.log", "console", "-addr", fmt.Sprintf("127.0.0.1:%d", cport), "-decap", decap, "-templates", tmpl)
	waitFor(t, fmt.Sprintf("http://127.0.0.1:%d/login", cport), 30*time.Second)
	// localhost: a browser keeps the console's Secure cookies over plain
	// http only there (nginx gives it TLS everywhere else).
	n.console = fmt.Sprintf("http://localhost:%d", cport)
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(n.dir, "newsroom", "console", "audit.log"))
			t.Logf("the console's audit log:\n%s", b)
		}
	})
	return n
}

// desk is one person at the console in the browser.
type desk struct {
	t   *testing.T
	ctx context.Context
	n   *newsroom
}

func (p desk) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	// A step has a minute: a failure leaves time for the screenshot.
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.shot(what)
		p.t.Fatalf("%s: %v", what, err)
	}
}

// shot saves a screenshot for a person to look at when a step fails.
func (p desk) shot(name string) {
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err == nil {
		os.MkdirAll("screenshots", 0o755)
		os.WriteFile(filepath.Join("screenshots", "newsroom-"+strings.ReplaceAll(name, " ", "-")+".png"), buf, 0o644)
	}
}

func (p desk) eval(js string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return s
}

// login logs a person in through the console's form.
func (p desk) login(name string) {
	p.t.Helper()
	p.do("login "+name,
		chromedp.Navigate(p.n.console+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		typeInto(chromedp.CSS("#name"), name),
		typeInto(chromedp.CSS("#password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS("form.login button")),
		// The home page (the login form has no logout button): a next step
		// must not cut the login's own navigation short.
		chromedp.WaitVisible(chromedp.CSS("form.who button")),
	)
}

// waitText waits until the page's text holds s.
func (p desk) waitText(what, s string, limit time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		body := p.eval(`document.body.innerText`)
		if strings.Contains(body, s) {
			return
		}
		if time.Now().After(deadline) {
			p.shot(what)
			p.t.Fatalf("%s: the page never says %q; it says:\n%s", what, s, body[:min(len(body), 3000)])
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// clickText clicks the innermost element of sel whose text is text (or
// starts with it, for a text ending in "…").
func (p desk) clickText(what, sel, text string) {
	p.t.Helper()
	prefix := strings.HasSuffix(text, "…")
	text = strings.TrimSuffix(text, "…")
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok := p.eval(fmt.Sprintf(`(() => {
			const norm = s => s.replace(/\s+/g, " ").trim();
			const hit = e => { const t = norm(e.innerText || ""); return %t ? t.startsWith(%q) : t === %q; };
			const es = [...document.querySelectorAll(%q)].filter(e => hit(e) && !e.disabled && e.offsetParent !== null);
			const e = es.find(e => ![...e.querySelectorAll("*")].some(c => es.includes(c)));
			if (!e) return "no";
			e.scrollIntoView({block: "center"}); e.click(); return "yes"; })()`, prefix, text, text, sel))
		if ok == "yes" {
			return
		}
		if time.Now().After(deadline) {
			p.shot(what)
			p.t.Fatalf("%s: no %s reading %q", what, sel, text)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// fieldJS is the script that sets a field of Decap's form the way typing
// does for React: the input's own value setter, then its events.
const fieldJS = `window.__set = (sel, v) => {
	const el = typeof sel === "string" ? document.querySelector(sel) : sel;
	if (!el) throw new Error("no " + sel);
	const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
	Object.getOwnPropertyDescriptor(proto, "value").set.call(el, v);
	el.dispatchEvent(new Event("input", {bubbles: true}));
	el.dispatchEvent(new Event("change", {bubbles: true}));
	return "ok";
}; "ok"`

// set sets the input of a field (by its name) to v.
func (p desk) set(name, v string) {
	p.t.Helper()
	p.eval(fieldJS)
	p.eval(fmt.Sprintf(`__set('[id^="%s-field-"]', %q)`, name, v))
}

// choose picks an option of a select field by typing it.
func (p desk) choose(name, option string) {
	p.t.Helper()
	sel := fmt.Sprintf(`input[id^="%s-field-"]`, name)
	p.do("choose "+name, chromedp.Click(chromedp.CSS(sel)), typeInto(chromedp.CSS(sel), option+kb.Enter))
}

// addItem adds an item to a list field and sets its (last) input to v.
func (p desk) addItem(name, v string) {
	p.t.Helper()
	p.eval(fmt.Sprintf(`(() => { const l = document.querySelector('div[id^="%s-field-"]'); l.scrollIntoView({block: "center"});
		[...l.querySelectorAll("button")].find(b => b.innerText.includes("新增")).click(); return "ok"; })()`, name))
	time.Sleep(300 * time.Millisecond)
	p.eval(fieldJS)
	p.eval(fmt.Sprintf(`(() => { const ins = document.querySelectorAll('div[id^="%s-field-"] input:not([type=file])');
		return __set(ins[ins.length-1], %q); })()`, name, v))
}

// TestNewsroomInABrowser is the office of three in Chromium: a 起草 logs in,
// creates a gazette document filling its fields, has a malformed 文號
// refused with its message, saves and submits it; a 審核 approves it; a
// 簽發 publishes it; the page is served through nginx at its date, and
// `git log` shows the three people in their roles.
func TestNewsroomInABrowser(t *testing.T) {
	n := openNewsroom(t)
	ctx := browser(t)
	p := desk{t: t, ctx: ctx, n: n}
	// The document goes live at a set instant a little ahead: the
	// embargo holds until then. Dates are in the site's zone.
	zone, _ := time.LoadLocation("Asia/Shanghai")
	at := time.Now().Add(100 * time.Second).In(zone).Truncate(time.Minute).Add(time.Minute)

	p.login("alice")
	p.do("open a new gazette document", chromedp.Navigate(n.console+"/cms/#/collections/gazette-2025-03/new"),
		chromedp.WaitVisible(chromedp.CSS(`[id^="title-field-"]`)))
	p.set("title", "關於做好2026年春節期間供熱保障工作的通知")
	p.set("date", at.Format("2006-01-02T15:04"))
	p.set("doc_number", "長府辦發2026-3") // malformed
	p.choose("category", "市政府辦公廳文件")
	p.choose("topic", "城鄉建設、環境保護")
	p.set("written", "2025-03-20")
	p.set("effective", at.Format("2006-01-02"))
	p.choose("validity", "有效")
	p.set("expires", "2030-12-31")
	p.do("normative", chromedp.Click(chromedp.CSS(`[id^="normative-field-"]`)))
	p.addItem("amends", "長府辦發〔2025〕12號")
	p.addItem("repeals", "長府辦發〔2025〕14號")
	p.set("index_number", "11220100MB1979017X/2026-00000301")
	p.set("source", "長春市人民政府辦公廳")
	p.set("summary", "部署春節期間供熱保障。")
	p.addItem("tags", "供熱")
	p.addItem("aliases", "/zwgk/2026/0003.html")
	p.addHistory("2025-03-21", "更正第二條中的錯字。")
	p.set("slug", "spring-festival-heating")
	p.choose("lang", "zh-Hant")
	p.do("body", chromedp.Click(chromedp.CSS(`[data-slate-editor="true"]`)),
		typeInto(chromedp.CSS(`[data-slate-editor="true"]`), "各供熱企業：春節期間室溫不低於18℃。"))

	p.clickText("save with a malformed 文號", "button", "儲存")
	p.waitText("the malformed 文號's message", "文號寫作「機關代字〔年份〕序號號」", 20*time.Second)
	p.set("doc_number", "長府辦發〔2026〕3號")
	p.clickText("save", "button", "儲存")
	p.waitText("saved", "已儲存變更", 60*time.Second)
	editor := ""
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(editor, "/entries/"); time.Sleep(200 * time.Millisecond) {
		if editor = p.eval(`location.href`); time.Now().After(deadline) {
			t.Fatalf("after the save the editor is at %s", editor)
		}
	}
	p.setStatus("submit", "正在審核")

	p.logout()
	p.login("bob")
	p.open("the reviewer opens the draft", editor)
	p.setStatus("approve", "預備發布")

	p.logout()
	p.login("carol")
	p.open("the signer opens the draft", editor)
	p.eval(`window.confirm = () => true; "ok"`) // Decap asks "publish this entry?"
	p.clickText("publish", "*", "發布")
	p.clickText("publish now", "[role=menuitem]", "立即發布")
	p.waitText("published", "已發布", 60*time.Second)

	// The record: the merge names the three people in their roles.
	log := ""
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(log, "簽發："); time.Sleep(200 * time.Millisecond) {
		if log = n.gazetteGit("log", "-1", "--format=%an <%ae>%n%B", "main"); time.Now().After(deadline) {
			break
		}
	}
	for _, want := range []string{"張簽發 <carol@office.example>", "起草 王小明 <alice@office.example>", "審核 李審核 <bob@office.example>",
		"簽發 張簽發 <carol@office.example>", "Approved-by: 李審核 <bob@office.example>", "Signed-off-by: 張簽發 <carol@office.example>"} {
		if !strings.Contains(log, want) {
			t.Errorf("git log lacks %q:\n%s", want, log)
		}
	}
	// The public site: nothing before its date, the page from its date on.
	const url = "/gazette/2025/03/spring-festival-heating/"
	reader := n.site.client("127.0.0.2")
	if time.Now().Before(at.Add(-5 * time.Second)) {
		if code := status(t, reader, n.site.nginx+url); code != http.StatusNotFound {
			t.Errorf("before its date the page answers %d", code)
		}
	}
	for deadline := at.Add(90 * time.Second); ; {
		code := status(t, reader, n.site.nginx+url)
		if code == http.StatusOK {
			if time.Now().Before(at) {
				t.Errorf("the page was live at %v, before its date %v", time.Now(), at)
			}
			t.Logf("live %v after its date", time.Since(at).Round(100*time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page is not served 90 s after its date (%d)", code)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// setStatus moves the open entry to a status through the editor's menu.
func (p desk) setStatus(what, status string) {
	p.t.Helper()
	p.clickText(what+": the status menu", "*", "狀態: …")
	p.clickText(what, "[role=menuitem]", status)
	p.waitText(what, "狀態: "+status, 30*time.Second)
}

// addHistory adds an entry to the 更正/修訂記錄 list: its date and note.
func (p desk) addHistory(date, note string) {
	p.t.Helper()
	p.eval(`(() => { const l = document.querySelector('div[id^="history-field-"]'); l.scrollIntoView({block: "center"});
		[...l.querySelectorAll("button")].find(b => b.innerText.includes("新增")).click(); return "ok"; })()`)
	time.Sleep(300 * time.Millisecond)
	p.eval(fieldJS)
	p.eval(fmt.Sprintf(`(() => { const l = document.querySelector('div[id^="history-field-"]');
		__set(l.querySelector('input[type=date]'), %q); return __set(l.querySelector('input[type=text]'), %q); })()`, date, note))
}

// open opens an entry in Decap's editor. A navigation that a page's own
// redirect cuts short (net::ERR_ABORTED) is made again.
func (p desk) open(what, url string) {
	p.t.Helper()
	for i := 0; ; i++ {
		ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
		err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`[id^="title-field-"]`)))
		cancel()
		if err == nil {
			return
		}
		if i == 2 || !strings.Contains(err.Error(), "ERR_ABORTED") {
			p.shot(what)
			p.t.Fatalf("%s: %v", what, err)
		}
	}
}

// logout leaves the console through its own page.
func (p desk) logout() {
	p.t.Helper()
	p.do("logout", chromedp.Navigate(p.n.console+"/"), chromedp.WaitVisible(chromedp.CSS("form.who button")),
		chromedp.Click(chromedp.CSS("form.who button")), chromedp.WaitVisible(chromedp.CSS("#name")))
}

// gazetteGit runs git in the checkout the build reads.
func (n *newsroom) gazetteGit(args ...string) string {
	n.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = filepath.Join(n.dir, "newsroom", "content")
	out, err := cmd.CombinedOutput()
	if err != nil {
		n.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func status(t *testing.T, c *http.Client, url string) int {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
