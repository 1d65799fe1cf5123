package gateway

import (
	"context"
	"database/sql"
	"log"
	"net"
	"net/http"
	"os/exec"
	"sync"
	"time"
)

// requestsByIP counts requests per client address, for the /stats page.
// Entries are added for every new client and never removed.
var requestsByIP = map[string]int{} // expect: unbounded-container

// blocked is reset by the hourly reload below.
var blocked = map[string]bool{} // ok: unbounded-container

var statsMu sync.Mutex

func CountRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		statsMu.Lock()
		requestsByIP[host]++
		isBlocked := blocked[host]
		statsMu.Unlock()
		if isBlocked {
			http.Error(w, "blocked", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func Block(host string) {
	statsMu.Lock()
	blocked[host] = true
	statsMu.Unlock()
}

func ReloadBlocklist() {
	statsMu.Lock()
	blocked = map[string]bool{}
	statsMu.Unlock()
}

// Timing logs how long each request took; the local map dies with the call.
func Timing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		marks := map[string]time.Duration{} // ok: unbounded-container
		next.ServeHTTP(w, r)
		marks["total"] = time.Since(start)
		log.Printf("%s %v", r.URL.Path, marks)
	})
}

// Auth asks the policy database whether the token may call the route.
type Auth struct {
	db      *sql.DB
	timeout time.Duration
}

func (a *Auth) Allowed(ctx context.Context, token, route string) bool {
	var ok bool
	// The caller's ctx is in scope, but the query ignores it.
	err := a.db.QueryRowContext(context.Background(), "SELECT allowed FROM policy WHERE token=$1 AND route=$2", token, route).Scan(&ok) // expect: wait-without-timeout
	return err == nil && ok
}

func (a *Auth) AllowedWithDeadline(ctx context.Context, token, route string) bool {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	var ok bool
	err := a.db.QueryRowContext(ctx, "SELECT allowed FROM policy WHERE token=$1 AND route=$2", token, route).Scan(&ok) // ok: wait-without-timeout
	return err == nil && ok
}

// Warm runs at startup: no request context exists yet.
func (a *Auth) Warm() error {
	_, err := a.db.ExecContext(context.Background(), "SELECT 1") // ok: wait-without-timeout
	return err
}

// Geo resolves client addresses through a sidecar over TCP.
type Geo struct {
	addr string
}

func (g *Geo) Country(ip string) (string, error) {
	conn, err := net.Dial("tcp", g.addr) // expect: wait-without-timeout
	if err != nil {
		return "", err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Second))
	conn.Write([]byte(ip + "\n"))
	buf := make([]byte, 2)
	_, err = conn.Read(buf)
	return string(buf), err
}

func (g *Geo) CountryTimeout(ip string) (string, error) {
	conn, err := net.DialTimeout("tcp", g.addr, 500*time.Millisecond) // ok: wait-without-timeout
	if err != nil {
		return "", err
	}
	defer conn.Close()
	buf := make([]byte, 2)
	_, err = conn.Read(buf)
	return string(buf), err
}

// Certs reloads TLS material by shelling out to a helper.
func ReloadCerts(ctx context.Context, dir string) error {
	out, err := exec.Command("cert-helper", "--dir", dir).CombinedOutput() // expect: wait-without-timeout
	if err != nil {
		log.Printf("cert-helper: %s", out)
	}
	return err
}

func ReloadCertsCtx(ctx context.Context, dir string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, "cert-helper", "--dir", dir).Run() // ok: wait-without-timeout
}

// Version is read once at startup.
func Version() string {
	cmd := exec.Command("git", "describe", "--tags") // expect: wait-without-timeout
	cmd.Env = nil
	out, _ := cmd.Output()
	return string(out)
}
