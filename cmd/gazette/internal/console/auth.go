package console

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"

	"gazette/cmd/gazette/internal/accounts"
)

// The console's cookies. Secure: a browser sends them only over HTTPS (or
// to localhost); the console is meant to be reached through nginx's TLS.
const (
	sessionCookie = "gazette_console"
	loginCookie   = "gazette_console_login" // the login form's CSRF token
)

// who is the person behind a request, and the session it came with.
type who struct {
	user    accounts.User
	session accounts.Session
	token   string
}

type whoKey struct{}

func whoOf(r *http.Request) who { return r.Context().Value(whoKey{}).(who) }

// identify finds the request's session, or makes one from a trusted
// proxy's identity header.
func (s *Server) identify(w http.ResponseWriter, r *http.Request) (who, bool) {
	var token string
	if c, err := r.Cookie(sessionCookie); err == nil {
		token = c.Value
	}
	sess, ok := s.sessions.Get(token)
	if name := s.proxyIdentity(r); name != "" {
		// The single sign-on in front decides: a session of anyone else
		// ends, and one is made for this person.
		if ok && sess.Name != name {
			s.sessions.End(token)
			ok = false
		}
		if !ok {
			u, found := s.opt.Users.Lookup(name)
			if !found || u.Disabled {
				s.record(r, accounts.User{Name: name}, "login", "", "refused", "the proxy's identity has no enabled account")
				return who{}, false
			}
			token, sess = s.sessions.Create(name, s.clientAddr(r))
			setCookie(w, sessionCookie, token, 0)
			s.record(r, u, "login", "", "ok", "identity from the trusted proxy")
			ok = true
		}
	}
	if !ok {
		return who{}, false
	}
	u, found := s.opt.Users.Lookup(sess.Name)
	if !found || u.Disabled {
		s.sessions.End(token) // disabled since: out at once
		return who{}, false
	}
	u.Hash = ""
	return who{user: u, session: sess, token: token}, true
}

// proxyIdentity is the identity header's account name, from a trusted
// proxy only.
func (s *Server) proxyIdentity(r *http.Request) string {
	if s.opt.IdentityHeader == "" {
		return ""
	}
	name := r.Header.Get(s.opt.IdentityHeader)
	if name == "" || !s.fromProxy(r) {
		return ""
	}
	return name
}

// fromProxy reports whether the request comes from a trusted proxy.
func (s *Server) fromProxy(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	for _, p := range s.opt.TrustedProxies {
		if p.Contains(addr.Unmap()) {
			return true
		}
	}
	return false
}

// clientAddr is the client's address: the connection's, or, from a
// trusted proxy, the one it sends in X-Real-IP (nginx: $remote_addr), so
// that the audit says where a person was and the throttle counts them
// apart.
func (s *Server) clientAddr(r *http.Request) string {
	if ip := r.Header.Get("X-Real-IP"); ip != "" && s.fromProxy(r) {
		if a, err := netip.ParseAddr(ip); err == nil {
			return a.String()
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// authed requires a session; a state-changing request also its CSRF token.
func (s *Server) authed(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.identify(w, r)
		if !ok {
			s.refuse(w, r, "", http.StatusUnauthorized, "log in first (your session ended, or you never logged in)")
			return
		}
		if r.Method == http.MethodPost && !csrfOK(r, p.session.CSRF) {
			s.record(r, p.user, "request", r.URL.Path, "refused", "missing or wrong CSRF token")
			s.refuse(w, r, p.user.Name, http.StatusForbidden, "the request's CSRF token is missing or wrong: reload the page")
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), whoKey{}, p)))
	})
}

// page is authed for pages: without a session, to the login form.
func (s *Server) page(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.identify(w, r)
		if !ok {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), whoKey{}, p)))
	})
}

func csrfOK(r *http.Request, want string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" && r.Header.Get("Content-Type") == "application/x-www-form-urlencoded" {
		got = r.PostFormValue("csrf")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
}

// loginForm shows the form, with a fresh token in a cookie and the form:
// a login posted from elsewhere has neither.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.identify(w, r); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, "")
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, code int, msg string) {
	// One token per browser: a page's other requests (its icon) that land
	// here must not replace the one in the form being filled in.
	tok := randomToken()
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) == len(tok) {
		tok = c.Value
	}
	setCookie(w, loginCookie, tok, 600)
	s.render(w, code, "login.html", map[string]any{"CSRF": tok, "Message": msg, "Site": s.siteTitle()})
}

// login checks a name and password, slowed and locked out on repeated
// failures (package accounts, throttle).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	name, pw := r.PostFormValue("name"), r.PostFormValue("password")
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		s.record(r, accounts.User{Name: name}, "login", "", "refused", "missing or wrong CSRF token")
		s.showLogin(w, r, http.StatusForbidden, "這個登入表單已失效，請再試一次。")
		return
	}
	keys := []string{"name:" + name, "addr:" + s.clientAddr(r)}
	if wait := s.throttle.Wait(keys...); wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		s.record(r, accounts.User{Name: name}, "login", "", "refused", fmt.Sprintf("throttled for %ds", secs))
		s.showLogin(w, r, http.StatusTooManyRequests, fmt.Sprintf("嘗試次數過多，請 %d 秒後再試。", secs))
		return
	}
	u, err := s.opt.Users.Authenticate(name, pw)
	if err != nil {
		s.throttle.Fail(keys...)
		s.record(r, accounts.User{Name: name}, "login", "", "refused", err.Error())
		s.showLogin(w, r, http.StatusUnauthorized, "帳號或密碼不正確。")
		return
	}
	s.throttle.Succeed("name:" + name)
	token, _ := s.sessions.Create(u.Name, s.clientAddr(r))
	setCookie(w, sessionCookie, token, 0)
	setCookie(w, loginCookie, "", -1)
	s.record(r, u, "login", "", "ok", "")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	p := whoOf(r)
	s.sessions.End(p.token)
	setCookie(w, sessionCookie, "", -1)
	s.record(r, p.user, "logout", "", "ok", "")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// record writes an audit line.
func (s *Server) record(r *http.Request, u accounts.User, action, target, result, detail string) {
	err := s.audit.Log(accounts.Entry{Time: s.now(), Who: u.Name, Roles: u.Roles, From: s.clientAddr(r),
		Action: action, Target: target, Result: result, Detail: detail})
	if err != nil {
		s.log.Error("audit log", "err", err)
	}
}

// refuse answers an error: JSON for the API (Decap shows its "error"), a
// page otherwise.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, _ string, code int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
