package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// throwawayCertificate makes a self-signed certificate for localhost and
// 127.0.0.1, writes it where deploy/nginx.conf takes the site's (dir
// stands for /etc/ssl/gazette), and returns a client's configuration that
// trusts it and nothing else.
func throwawayCertificate(t *testing.T, dir string) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "localhost"},
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, block := range map[string]*pem.Block{
		"fullchain.pem": {Type: "CERTIFICATE", Bytes: der},
		"privkey.pem":   {Type: "PRIVATE KEY", Bytes: keyDER},
	} {
		if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{RootCAs: pool}
}

// httpsOnly checks the site's HTTPS: plain HTTP answers only with the way
// there (and ACME's challenge files, for a certificate from Let's Encrypt
// or the office's ACME server); HTTPS speaks TLS 1.2 and 1.3 with forward
// secrecy and AEAD ciphers only, HTTP/2, and sends HSTS; the reading-mode
// cookie is Secure.
func httpsOnly(t *testing.T, d *deployment) {
	t.Helper()
	plainHTTP(t, d)
	if d.tls == nil {
		t.Fatal("deploy/nginx.conf has no HTTPS server (listen 443 ssl http2)")
	}
	c := d.client("127.0.0.3")
	for _, p := range []string{"/", "/no/such/page/"} {
		resp, _, err := d.get(t.Context(), c, p)
		if err != nil {
			t.Fatal(err)
		}
		if hsts := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(hsts, "max-age=31536000") {
			t.Errorf("HTTPS, GET %s (%d): Strict-Transport-Security %q, want a year", p, resp.StatusCode, hsts)
		}
	}
	resp, _, err := d.get(t.Context(), c, "/mode/elder?to=/")
	if err != nil {
		t.Fatal(err)
	}
	if sc := resp.Header.Get("Set-Cookie"); resp.StatusCode != 303 || !strings.Contains(sc, "; Secure") || !strings.HasPrefix(sc, "gazette_mode=elder;") {
		t.Errorf("HTTPS, /mode/elder: %d, Set-Cookie %q, want the cookie Secure", resp.StatusCode, sc)
	}
	tlsVersions(t, d)
}

// plainHTTP: plain HTTP answers only with a redirect to HTTPS, and ACME's
// challenge files.
func plainHTTP(t *testing.T, d *deployment) {
	t.Helper()
	plain := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", "http://"+d.plain+"/gazette/?page=2", nil)
	req.Host = "gazette.example.gov.cn"
	resp, err := plain.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "https://gazette.example.gov.cn/gazette/?page=2" {
		t.Errorf("plain HTTP, GET /gazette/?page=2: %d to %q, want 301 to the same over HTTPS", resp.StatusCode, resp.Header.Get("Location"))
	}
	token := filepath.Join(d.acme, ".well-known", "acme-challenge", "a-token")
	if err := os.MkdirAll(filepath.Dir(token), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{d.acme, filepath.Dir(filepath.Dir(token)), filepath.Dir(token)} {
		os.Chmod(p, 0o755) // as certbot leaves its webroot, for nginx's www-data
	}
	if err := os.WriteFile(token, []byte("a-token.thumbprint"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(token, 0o644)
	resp, err = plain.Get("http://" + d.plain + "/.well-known/acme-challenge/a-token")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "a-token.thumbprint" {
		t.Errorf("plain HTTP, ACME's challenge: %d %.80q", resp.StatusCode, body)
	}
}

// tlsVersions: TLS 1.2 and 1.3 with ECDHE and AEAD ciphers, and HTTP/2;
// nothing older or weaker.
func tlsVersions(t *testing.T, d *deployment) {
	t.Helper()
	handshake := func(cfg *tls.Config) (tls.ConnectionState, error) {
		cfg.RootCAs = d.tls.RootCAs
		conn, err := (&tls.Dialer{Config: cfg}).DialContext(context.Background(), "tcp", d.host)
		if err != nil {
			return tls.ConnectionState{}, err
		}
		defer conn.Close()
		return conn.(*tls.Conn).ConnectionState(), nil
	}
	aead := []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256}
	for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		st, err := handshake(&tls.Config{MinVersion: v, MaxVersion: v, NextProtos: []string{"h2", "http/1.1"}})
		if err != nil || st.Version != v || st.NegotiatedProtocol != "h2" || v == tls.VersionTLS12 && !slices.Contains(aead, st.CipherSuite) {
			t.Errorf("%s: %v, cipher %s, protocol %q; want it, with ECDHE and AEAD, and HTTP/2", tls.VersionName(v), err, tls.CipherSuiteName(st.CipherSuite), st.NegotiatedProtocol)
		}
	}
	if _, err := handshake(&tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}); err == nil {
		t.Error("TLS 1.1 is accepted")
	}
	if _, err := handshake(&tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA}}); err == nil {
		t.Error("TLS 1.2 with a CBC cipher is accepted")
	}
}
