package watch

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Paths of the live-reload endpoints.
const (
	ScriptPath = "/_gazette/reload.js"
	EventsPath = "/_gazette/events"
)

// scriptTag is what goes before </body> of every HTML response.
const scriptTag = `<script src="` + ScriptPath + `" defer></script>`

// script reloads the page on "reload" and shows build errors over it on
// "problem". It builds the overlay with DOM calls and textContent (no
// innerHTML, no inline style attribute), so the CSP needs no exception.
const script = `(function () {
  "use strict";
  var box = null;
  function hide() { if (box) { box.remove(); box = null; } }
  function show(text) {
    hide();
    box = document.createElement("div");
    box.id = "gazette-problem";
    box.setAttribute("role", "alert");
    var s = box.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.zIndex = "2147483647";
    s.maxHeight = "60vh"; s.overflow = "auto"; s.padding = "1em 1.5em";
    s.background = "#3b0d0c"; s.color = "#fff"; s.font = "14px/1.5 monospace";
    var h = document.createElement("strong");
    h.textContent = "內容有錯誤，仍顯示上一次成功的版本 (build failed; showing the last good site)";
    var pre = document.createElement("pre");
    pre.style.whiteSpace = "pre-wrap";
    pre.textContent = text;
    box.appendChild(h);
    box.appendChild(pre);
    document.body.appendChild(box);
  }
  var es = new EventSource("` + EventsPath + `");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("problem", function (e) { show(e.data); });
  es.addEventListener("ok", hide);
})();
`

type event struct{ name, data string }

// hub fans events out to the open event streams. It remembers an unresolved
// problem, so that a tab opened (or reloaded) after a failed build shows it.
type hub struct {
	mu      sync.Mutex
	subs    map[chan event]bool
	problem *event
}

func (h *hub) send(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch e.name {
	case "problem":
		h.problem = &e
	default:
		h.problem = nil
	}
	for c := range h.subs {
		select {
		case c <- e:
		default: // a stalled tab misses an event rather than stalling builds
		}
	}
}

func (h *hub) subscribe() (chan event, *event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := make(chan event, 8)
	h.subs[c] = true
	return c, h.problem
}

func (h *hub) unsubscribe(c chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, c)
}

// Handler serves the live-reload endpoints and injects the script into
// next's HTML responses. It is meant for serve.Options.Wrap, behind the
// server's security headers and method checks.
func (w *Watcher) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case ScriptPath:
			rw.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			rw.Header().Set("Cache-Control", "no-store")
			rw.Write([]byte(script))
			return
		case EventsPath:
			w.events(rw, r)
			return
		}
		// Pages change under a watching server: never answer 304 or a
		// range of an old version.
		for _, k := range []string{"If-Modified-Since", "If-None-Match", "If-Range", "Range"} {
			r.Header.Del(k)
		}
		in := &injector{ResponseWriter: rw, head: r.Method == http.MethodHead}
		next.ServeHTTP(in, r)
		in.finish()
	})
}

// events streams server-sent events until the client goes or Run ends.
func (w *Watcher) events(rw http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(rw)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	h := rw.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	rw.WriteHeader(http.StatusOK)
	c, problem := w.hub.subscribe()
	defer w.hub.unsubscribe(c)
	fmt.Fprint(rw, "retry: 1000\n\n")
	if problem != nil {
		writeEvent(rw, *problem)
	}
	if err := rc.Flush(); err != nil {
		return
	}
	w.mu.Lock()
	done := w.done
	w.mu.Unlock()
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-done:
			return
		case <-keepAlive.C:
			fmt.Fprint(rw, ": keep-alive\n\n")
		case e := <-c:
			writeEvent(rw, e)
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

func writeEvent(rw http.ResponseWriter, e event) {
	fmt.Fprintf(rw, "event: %s\n", e.name)
	for _, line := range strings.Split(e.data, "\n") {
		fmt.Fprintf(rw, "data: %s\n", line)
	}
	fmt.Fprint(rw, "\n")
}

// injector holds back an HTML response to put the script tag in it; any
// other response passes straight through.
type injector struct {
	http.ResponseWriter
	head    bool
	status  int
	decided bool
	html    bool
	buf     bytes.Buffer
}

func (i *injector) WriteHeader(code int) {
	if i.decided {
		return
	}
	i.decided, i.status = true, code
	i.html = strings.HasPrefix(i.Header().Get("Content-Type"), "text/html")
	if !i.html {
		i.ResponseWriter.WriteHeader(code)
	}
}

func (i *injector) Write(b []byte) (int, error) {
	if !i.decided {
		if i.Header().Get("Content-Type") == "" {
			i.Header().Set("Content-Type", http.DetectContentType(b))
		}
		i.WriteHeader(http.StatusOK)
	}
	if i.html {
		return i.buf.Write(b)
	}
	return i.ResponseWriter.Write(b)
}

func (i *injector) finish() {
	if !i.html {
		return
	}
	body := inject(i.buf.Bytes())
	if i.head {
		i.Header().Del("Content-Length")
	} else {
		i.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	i.ResponseWriter.WriteHeader(i.status)
	if !i.head {
		i.ResponseWriter.Write(body)
	}
}

// inject puts the live-reload script tag before the last </body>, or at the
// end when there is none.
func inject(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, scriptTag...)
	}
	out := make([]byte, 0, len(page)+len(scriptTag))
	out = append(out, page[:i]...)
	out = append(out, scriptTag...)
	return append(out, page[i:]...)
}
