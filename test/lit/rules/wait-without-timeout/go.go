// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="[wait-without-timeout]"
// RUN: cp %s %t.go
// RUN: not %hazardlint check --fix --unsafe-fixes %t.go
// RUN: FileCheck %s --check-prefix=FIXES --input-file=%t.go
// RUN: cp %t.go %t.again.go
// RUN: not %hazardlint check --fix --unsafe-fixes %t.again.go
// RUN: diff %t.go %t.again.go

package gateway

import (
	"context"
	"database/sql"
	"net"
	nethttp "net/http"
	"os/exec"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc"

	userpb "example.com/api/userpb"
)

type Server struct {
	db    *sql.DB
	rdb   *redis.Client
	users userpb.UsersClient
	http  *nethttp.Client
}

func NewServer(db *sql.DB) *Server {
	return &Server{db: db, http: &nethttp.Client{Timeout: 10 * time.Second}}
}

// The default client, through an import alias.
func fetch(url string) error {
	resp, err := nethttp.Get(url)
	// CHECK: :[[@LINE-1]]:15: warning: 'nethttp.Get' waits with no timeout; it uses http.DefaultClient, whose zero Timeout waits forever; send it with an http.Client that sets Timeout [wait-without-timeout]
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = nethttp.PostForm(url, nil)
	// CHECK: :[[@LINE-1]]:11: warning: 'nethttp.PostForm' waits{{.*}}[wait-without-timeout]
	return err
}

// A method value of http.Get is the same call.
func poll(urls []string) {
	get := nethttp.Get
	// CHECK: :[[@LINE-1]]:9: warning: 'nethttp.Get' waits{{.*}}[wait-without-timeout]
	for _, u := range urls {
		get(u)
	}
	nethttp.DefaultClient.Do(nil)
	// CHECK: :[[@LINE-1]]:2: warning: 'nethttp.DefaultClient.Do' waits with no timeout; http.DefaultClient has no Timeout{{.*}}[wait-without-timeout]
}

// A client with a Timeout is in scope: the fix sends the request with it.
func (s *Server) Proxy(w nethttp.ResponseWriter, r *nethttp.Request) {
	resp, _ := nethttp.Head(r.URL.String())
	// CHECK: :[[@LINE-1]]:13: warning: 'nethttp.Head' waits{{.*}}[wait-without-timeout]
	// FIXES: resp, _ := s.http.Head(r.URL.String())
	_ = resp
	client := &nethttp.Client{Timeout: 2 * time.Second}
	resp, _ = nethttp.Post(
		// CHECK: :[[@LINE-1]]:12: warning: 'nethttp.Post' waits{{.*}}[wait-without-timeout]
		"http://backend/x",
		"application/json",
		nil,
	)
	// FIXES: resp, _ = client.Post(
	_ = client
}

// A client literal without Timeout that sends requests.
func download(url string) error {
	c := &nethttp.Client{Transport: nethttp.DefaultTransport}
	_, err := c.Get(url)
	// CHECK: :[[@LINE-1]]:12: warning: 'c.Get' waits with no timeout; it sends with the nethttp.Client{} of line [[@LINE-2]], which has no Timeout and waits forever for a silent server; set Timeout [wait-without-timeout]
	return err
}

var shared = nethttp.Client{}

func useShared(url string) { shared.Get(url) }

// CHECK: :[[@LINE-2]]:30: warning: 'shared.Get' waits with no timeout; it sends with the nethttp.Client{} of line [[@LINE-4]]{{.*}}[wait-without-timeout]

// A client stored in a field that sends requests.
type Fetcher struct {
	client  *nethttp.Client
	timed   *nethttp.Client
	unused  *nethttp.Client
	patched *nethttp.Client
}

func NewFetcher() *Fetcher {
	f := &Fetcher{
		client: &nethttp.Client{},
		timed:   &nethttp.Client{Timeout: time.Minute},
		unused:  &nethttp.Client{},
		patched: &nethttp.Client{},
	}
	f.patched.Timeout = time.Second
	return f
}

func (f *Fetcher) Fetch(url string) {
	f.client.Get(url)
	// CHECK: :[[@LINE-1]]:2: warning: 'f.client.Get' waits{{.*}}[wait-without-timeout]
	f.client.Do(nil)
	// CHECK: :[[@LINE-1]]:2: warning: 'f.client.Do' waits{{.*}}[wait-without-timeout]
	f.timed.Get(url)
	f.patched.Do(nil)
	resp, _ := nethttp.Get(url)
	// CHECK: :[[@LINE-1]]:13: warning: 'nethttp.Get' waits{{.*}}[wait-without-timeout]
	// FIXES: resp, _ := f.timed.Get(url)
	_ = resp
}

// exec.Command that is run, with and without a context in scope.
func build(ctx context.Context, dir string) error {
	cmd := exec.Command("make", "-C", dir)
	// CHECK: :[[@LINE-1]]:9: warning: 'exec.Command' waits with no timeout; the child process can hang the caller forever; use exec.CommandContext with a context that has a deadline [wait-without-timeout]
	// FIXES: cmd := exec.CommandContext(ctx, "make", "-C", dir)
	return cmd.Run()
}

func version() string {
	out, _ := exec.Command("git", "describe").Output()
	// CHECK: :[[@LINE-1]]:12: warning: 'exec.Command' waits{{.*}}[wait-without-timeout]
	return string(out)
}

func (s *Server) Render(c *gin.Context) {
	out, _ := exec.Command(
		// CHECK: :[[@LINE-1]]:12: warning: 'exec.Command' waits{{.*}}[wait-without-timeout]
		"convert", "in.png", "out.jpg",
	).CombinedOutput()
	// FIXES: out, _ := exec.CommandContext(c.Request.Context(),
	// FIXES: "convert", "in.png", "out.jpg",
	_ = out
}

// net.Dial and a blocking grpc.Dial without a deadline.
func connect(addr string) {
	conn, _ := net.Dial("tcp", addr)
	// CHECK: :[[@LINE-1]]:13: warning: 'net.Dial' waits with no timeout; connecting can take minutes{{.*}}[wait-without-timeout]
	_ = conn
	cc, _ := grpc.Dial(addr, grpc.WithInsecure(), grpc.WithBlock())
	// CHECK: :[[@LINE-1]]:11: warning: 'grpc.Dial' waits with no timeout; WithBlock() waits until the connection is up{{.*}}[wait-without-timeout]
	_ = cc
	bg := context.Background()
	cc2, _ := grpc.DialContext(bg, addr,
		// CHECK: :[[@LINE-1]]:12: warning: 'grpc.DialContext' waits{{.*}}[wait-without-timeout]
		grpc.WithBlock())
	_ = cc2
}

// context.Background() passed to outbound calls while a context is in scope.
func (s *Server) GetUser(ctx context.Context, req *userpb.GetUserRequest) (*userpb.User, error) {
	s.rdb.Get(context.Background(), "user:"+req.Id)
	// CHECK: :[[@LINE-1]]:12: warning: 's.rdb.Get' waits with no timeout; it is given context.Background() although 'ctx' is in scope, so the caller's deadline and cancellation never reach it [wait-without-timeout]
	// FIXES: s.rdb.Get(ctx, "user:"+req.Id)
	row := s.db.QueryRowContext(context.TODO(), "SELECT 1")
	// CHECK: :[[@LINE-1]]:30: warning: 's.db.QueryRowContext' waits{{.*}}context.TODO(){{.*}}[wait-without-timeout]
	_ = row
	return s.users.Get(context.Background(), req)
	// CHECK: :[[@LINE-1]]:21: warning: 's.users.Get' waits{{.*}}[wait-without-timeout]
}

func (s *Server) List(w nethttp.ResponseWriter, r *nethttp.Request) {
	s.db.ExecContext(context.Background(), "DELETE FROM t")
	// CHECK: :[[@LINE-1]]:19: warning: 's.db.ExecContext' waits{{.*}}'r.Context()' is in scope{{.*}}[wait-without-timeout]
	// FIXES: s.db.ExecContext(r.Context(), "DELETE FROM t")
	req, _ := nethttp.NewRequestWithContext(context.Background(), "GET", "http://x", nil)
	// CHECK: :[[@LINE-1]]:42: warning: 'nethttp.NewRequestWithContext' waits{{.*}}[wait-without-timeout]
	// FIXES: req, _ := nethttp.NewRequestWithContext(r.Context(), "GET", "http://x", nil)
	_ = req
}

// Negatives.
func (s *Server) Fine(ctx context.Context, url string) error {
	cmd := exec.CommandContext(ctx, "make")
	if err := cmd.Run(); err != nil {
		return err
	}
	client := &nethttp.Client{Timeout: 5 * time.Second}
	client.Get(url)
	s.http.Get(url)
	late := &nethttp.Client{}
	late.Timeout = time.Second
	late.Get(url)
	req, _ := nethttp.NewRequestWithContext(ctx, "GET", url, nil)
	bare := &nethttp.Client{}
	bare.Do(req) // the caller's context may have no deadline
	// CHECK: :[[@LINE-1]]:2: warning: 'bare.Do' waits{{.*}}[wait-without-timeout]
	dctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	bounded, _ := nethttp.NewRequestWithContext(dctx, "GET", url, nil)
	bare.Do(bounded) // its context has a deadline
	unused := &nethttp.Client{} // never sends
	_ = unused
	dialer := net.Dialer{Timeout: time.Second}
	dialer.DialContext(ctx, "tcp", url)
	net.DialTimeout("tcp", url, time.Second)
	started := exec.Command("sleep", "1") // started, never waited for
	started.Start()
	killed := exec.Command("long")
	timer := time.AfterFunc(time.Minute, func() { killed.Process.Kill() })
	defer timer.Stop()
	killed.Run()
	other(exec.Command("x")) // handed to code that may bound it
	return nil
}

func other(*exec.Cmd) {}

func dials(ctx context.Context, addr string) {
	grpc.Dial(addr, grpc.WithInsecure()) // non-blocking, but nothing bounds it
	// CHECK: :[[@LINE-1]]:2: warning: 'grpc.Dial' waits with no timeout; it has neither a deadline context nor grpc.WithTimeout{{.*}}[wait-without-timeout]
	grpc.Dial(addr, grpc.WithBlock(), grpc.WithTimeout(time.Second))
	tctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	grpc.DialContext(tctx, addr, grpc.WithBlock())
	grpc.DialContext(ctx, addr, grpc.WithBlock()) // the caller's deadline
	opts := []grpc.DialOption{grpc.WithInsecure()}
	grpc.Dial(addr, opts...) // options are looked for in the whole function
}

func timedDial(addr string) {
	opts := []grpc.DialOption{grpc.WithTimeout(time.Second)}
	grpc.Dial(addr, opts...)
}

// A context whose cancel has already run is not offered.
func (s *Server) Warm(ctx context.Context) {
	dctx, cancel := context.WithTimeout(ctx, time.Second)
	s.db.PingContext(dctx)
	cancel()
	s.db.PingContext(context.Background())
	// CHECK: :[[@LINE-1]]:19: warning: 's.db.PingContext' waits with no timeout; it is given context.Background() although 'ctx' is in scope{{.*}}[wait-without-timeout]
	// FIXES: s.db.PingContext(ctx)
}

func (s *Server) Startup() {
	dctx, cancel := context.WithTimeout(context.Background(), time.Second)
	s.db.PingContext(dctx)
	cancel()
	s.db.PingContext(context.Background()) // dctx is cancelled by now
}

// Stored where a watchdog of this file (Process.Kill above) may kill it.
func (s *Server) Track(jobs map[string]*exec.Cmd) error {
	cmd := exec.Command("job")
	jobs["a"] = cmd
	return cmd.Run()
}

func main() {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{})
	rdb.Get(context.Background(), "k") // no other context in scope
	rdb.Get(ctx, "k")
	db, _ := sql.Open("postgres", "")
	db.QueryContext(context.TODO(), "SELECT 1")
}

func init() {
	redis.NewClient(nil).Ping(context.Background())
}

func (s *Server) Cleanup(ctx context.Context) {
	defer s.rdb.Del(context.Background(), "lock") // must run after cancellation
	go s.rdb.Publish(context.Background(), "done", "1")
	go func() {
		s.db.ExecContext(context.Background(), "VACUUM") // outlives ctx on purpose
	}()
	s.rdb.Get(ctx, "k")
	ignored(context.Background()) // not a database, Redis or gRPC call
}

func ignored(context.Context) {}

func (s *Server) Handler(w nethttp.ResponseWriter, r *nethttp.Request) {
	nethttp.Error(w, "no", 400)
	s.users.Get(r.Context(), nil)
}

func Shadowed(url string) {
	nethttp := fakeHTTP{}
	nethttp.Get(url)
	exec := fakeExec{}
	exec.Command("x").Run()
}

type fakeHTTP struct{}

func (fakeHTTP) Get(string) {}

type fakeExec struct{}

func (fakeExec) Command(string) fakeExec { return fakeExec{} }
func (fakeExec) Run() error             { return nil }

// A Transport with its own deadline bounds the client's requests; one of
// the project's (built elsewhere) may, and is taken as bounding.
func newDeadlineTransport(d time.Duration) *nethttp.Transport {
	return &nethttp.Transport{ResponseHeaderTimeout: d}
}

func fetchBounded(url string) {
	c := &nethttp.Client{Transport: &nethttp.Transport{ResponseHeaderTimeout: time.Second}}
	c.Get(url)
	d := &nethttp.Client{Transport: newDeadlineTransport(time.Second)}
	d.Get(url)
	e := &nethttp.Client{Transport: &nethttp.Transport{MaxIdleConns: 4}}
	e.Get(url)
	// CHECK: :[[@LINE-1]]:2: warning: 'e.Get' waits with no timeout; it sends with the nethttp.Client{} of line [[@LINE-2]]{{.*}}[wait-without-timeout]
}
