// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="[connection-per-call]"
// No Go fix is offered: --fix leaves the file as it is.
// RUN: cp %s %t.go
// RUN: not %hazardlint check --fix --unsafe-fixes %t.go
// RUN: diff %s %t.go

package api

import (
	"context"
	"database/sql"
	h "net/http"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	redigo "github.com/gomodule/redigo/redis"
	goredis "github.com/redis/go-redis/v9"
	"google.golang.org/grpc"

	userpb "example.com/api/userpb"
)

type Server struct {
	rdb   *goredis.Client
	conn  *grpc.ClientConn
	db    *sql.DB
	once  sync.Once
	users userpb.UsersClient
}

// Per request: an HTTP handler through an import alias.
func (s *Server) Profile(w h.ResponseWriter, r *h.Request) {
	conn, err := grpc.Dial("users:443",
		// CHECK: :[[@LINE-1]]:15: warning: grpc.Dial creates a new gRPC connection on every call of HTTP handler 'Server.Profile'; create it once at startup (in main or a constructor such as NewServer) and reuse it [connection-per-call]
		grpc.WithInsecure())
	if err != nil {
		return
	}
	defer conn.Close()
	client := userpb.NewUsersClient(conn)
	client.Get(r.Context(), nil)
	rdb := goredis.NewClient(&goredis.Options{Addr: "cache:6379"})
	// CHECK: :[[@LINE-1]]:9: warning: goredis.NewClient creates a new Redis connection pool on every call of HTTP handler 'Server.Profile'{{.*}}[connection-per-call]
	rdb.Get(r.Context(), "k")
	hc := &h.Client{Transport: &h.Transport{MaxIdleConns: 10}}
	// CHECK: :[[@LINE-1]]:30: warning: h.Transport{} creates a new HTTP connection pool on every call of HTTP handler 'Server.Profile'{{.*}}[connection-per-call]
	hc.Get("http://x")
}

// A gRPC method and a fiber handler.
func (s *Server) GetUser(ctx context.Context, req *userpb.GetUserRequest) (*userpb.User, error) {
	db, _ := sql.Open("postgres", "dsn")
	// CHECK: :[[@LINE-1]]:11: warning: sql.Open creates a new database connection pool on every call of gRPC method 'Server.GetUser'{{.*}}[connection-per-call]
	defer db.Close()
	c, _ := redigo.Dial("tcp", "cache:6379")
	// CHECK: :[[@LINE-1]]:10: warning: redigo.Dial creates a new Redis connection on every call of gRPC method 'Server.GetUser'{{.*}}[connection-per-call]
	defer c.Close()
	return nil, nil
}

func (s *Server) Fiber(c *fiber.Ctx) error {
	goredis.NewClient(&goredis.Options{}).Ping(c.UserContext())
	// CHECK: :[[@LINE-1]]:2: warning: goredis.NewClient creates a new Redis connection pool on every call of fiber handler 'Server.Fiber'{{.*}}[connection-per-call]
	return nil
}

// In a goroutine or closure of a handler: still once per request.
func (s *Server) Async(w h.ResponseWriter, r *h.Request) {
	go func() {
		rdb := goredis.NewUniversalClient(
			// CHECK: :[[@LINE-1]]:10: warning: goredis.NewUniversalClient creates a new Redis connection pool on every call of HTTP handler 'Server.Async'{{.*}}[connection-per-call]
			&goredis.UniversalOptions{})
		defer rdb.Close()
	}()
}

// In a loop.
func pollAll(addrs []string) {
	for _, a := range addrs {
		cc, _ := grpc.NewClient(a)
		// CHECK: :[[@LINE-1]]:12: warning: grpc.NewClient creates a new gRPC connection on every iteration of a loop in 'pollAll'{{.*}}[connection-per-call]
		cc.Close()
	}
}

// Negatives.
func NewServer(addr string) (*Server, error) {
	conn, err := grpc.Dial(addr, grpc.WithInsecure())
	if err != nil {
		return nil, err
	}
	return &Server{
		conn:  conn,
		rdb:   goredis.NewClient(&goredis.Options{}),
		users: userpb.NewUsersClient(conn),
	}, nil
}

func main() {
	db, _ := sql.Open("postgres", "dsn")
	defer db.Close()
	client := &h.Client{Timeout: 5 * time.Second, Transport: &h.Transport{}}
	_ = client
}

func (s *Server) Lazy(w h.ResponseWriter, r *h.Request) {
	s.once.Do(func() {
		s.rdb = goredis.NewClient(&goredis.Options{})
	})
	if s.conn == nil {
		s.conn, _ = grpc.Dial("users:443")
	}
	plain := &h.Client{Timeout: time.Second} // a client per request
	// CHECK: :[[@LINE-1]]:11: warning: h.Client{} creates a new HTTP client on every call of HTTP handler 'Server.Lazy'{{.*}}[connection-per-call]
	plain.Get("http://x")
}

func connectAll(addrs []string) []*grpc.ClientConn {
	var conns []*grpc.ClientConn
	for _, a := range addrs {
		cc, _ := grpc.Dial(a) // kept: one per address, once
		conns = append(conns, cc)
	}
	pools := map[string]*goredis.Client{}
	for _, a := range addrs {
		pools[a] = goredis.NewClient(&goredis.Options{Addr: a})
	}
	return conns
}

func notAHandler(ctx context.Context, addr string) (*grpc.ClientConn, error) {
	return grpc.DialContext(ctx, addr)
}

// A method taking a context and not looping runs once per operation.
func (s *Server) Status(ctx context.Context, id string) (string, error) {
	rdb := goredis.NewClient(&goredis.Options{Addr: "cache:6379"})
	// CHECK: :[[@LINE-1]]:9: warning: goredis.NewClient creates a new Redis connection pool on every call of 'Server.Status', a method run per operation (it takes a context and does not loop){{.*}}[connection-per-call]
	defer rdb.Close()
	return rdb.Get(ctx, id).Result()
}

// Negatives: a worker that loops with its client, a constructor, a client
// returned to the caller, an http.Client in a loop, a Transport's client.
func (s *Server) Work(ctx context.Context) {
	rdb := goredis.NewClient(&goredis.Options{})
	defer rdb.Close()
	for {
		rdb.Get(ctx, "job")
	}
}

func (s *Server) NewSession(ctx context.Context) *goredis.Client {
	return goredis.NewClient(&goredis.Options{})
}

func (s *Server) Open(ctx context.Context) (*grpc.ClientConn, error) {
	return grpc.DialContext(ctx, "users:443")
}

func fetchAll(urls []string) {
	for _, u := range urls {
		c := &h.Client{Timeout: time.Second}
		c.Get(u)
	}
}

func (s *Server) Upload(w h.ResponseWriter, r *h.Request) {
	hc := &h.Client{Transport: &h.Transport{}}
	// CHECK: :[[@LINE-1]]:30: warning: h.Transport{} creates a new HTTP connection pool{{.*}}[connection-per-call]
	hc.Get("http://x")
}
