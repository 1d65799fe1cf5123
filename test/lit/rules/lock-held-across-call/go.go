// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="[lock-held-across-call]"
// No Go fix is offered: --fix leaves the file as it is.
// RUN: cp %s %t.go
// RUN: not %hazardlint check --fix --unsafe-fixes %t.go
// RUN: diff %s %t.go

package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	tm "time"

	goredis "github.com/redis/go-redis/v9"
	"google.golang.org/grpc"

	userpb "example.com/gen/userpb"
)

type EvictFunc func(key string)

type Store struct {
	mu      sync.Mutex
	rw      sync.RWMutex
	client  *http.Client
	db      *sql.DB
	rdb     *goredis.Client
	users   userpb.UserServiceClient
	conn    *grpc.ClientConn
	onEvict EvictFunc
	notify  func(string)
	events  chan string
	data    map[string]string
	stats   *Stats
}

type Stats struct {
	sync.Mutex
	hits int
}

var (
	registryMu sync.Mutex
	registry   = map[string]int{}
)

func (s *Store) Refresh(ctx context.Context, req *http.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	resp, err := s.client.Do(req)
	// CHECK: :[[@LINE-1]]:15: warning: mutex 's.mu' is held across network call 'net/http.Client.Do'; every goroutine that needs the lock waits for it too; copy what you need, unlock, then do the I/O [lock-held-across-call]
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	// CHECK: :[[@LINE-1]]:13: warning: mutex 's.mu' is held across I/O 'io.ReadAll'{{.*}}[lock-held-across-call]
	s.data["body"] = string(body)
	rows, err := s.db.QueryContext(ctx,
		"SELECT id FROM users WHERE active = ?",
		true)
	// CHECK: :[[@LINE-3]]:15: warning: mutex 's.mu' is held across database call 'database/sql.DB.QueryContext'{{.*}}[lock-held-across-call]
	_ = rows
	s.rdb.Get(ctx, "k").Result()
	// CHECK: :[[@LINE-1]]:2: warning: mutex 's.mu' is held across Redis call 'github.com/redis/go-redis.Client.Get'{{.*}}[lock-held-across-call]
	s.users.GetUser(ctx, &userpb.GetUserRequest{})
	// CHECK: :[[@LINE-1]]:2: warning: mutex 's.mu' is held across gRPC call 'example.com/gen/userpb.UserServiceClient.GetUser'{{.*}}[lock-held-across-call]
	return nil
}

func (s *Store) Slow(w http.ResponseWriter, cb func(string)) {
	s.mu.Lock()
	tm.Sleep(10 * tm.Millisecond)
	// CHECK: :[[@LINE-1]]:2: warning: mutex 's.mu' is held across 'time.Sleep'; every goroutine that needs the lock sleeps too; unlock before sleeping [lock-held-across-call]
	s.onEvict("k")
	// CHECK: :[[@LINE-1]]:2: warning: mutex 's.mu' is held across callback 's.onEvict'; it may block or lock this mutex again and deadlock; call it after unlocking [lock-held-across-call]
	s.notify("k")
	// CHECK: :[[@LINE-1]]:2: warning: mutex 's.mu' is held across callback 's.notify'{{.*}}[lock-held-across-call]
	cb("k")
	// CHECK: :[[@LINE-1]]:2: warning: mutex 's.mu' is held across callback 'cb'{{.*}}[lock-held-across-call]
	s.events <- "evicted"
	// CHECK: :[[@LINE-1]]:2: warning: mutex 's.mu' is held across channel send on 's.events'; the send waits for a receiver, and a receiver that needs the lock deadlocks; send after unlocking or in a select with a default [lock-held-across-call]
	json.NewEncoder(w).Encode(s.data)
	// CHECK: :[[@LINE-1]]:2: warning: mutex 's.mu' is held across I/O 'encoding/json.NewEncoder(...).Encode'{{.*}}[lock-held-across-call]
	os.WriteFile("/tmp/snapshot", nil, 0o600)
	// CHECK: :[[@LINE-1]]:2: warning: mutex 's.mu' is held across file I/O 'os.WriteFile'{{.*}}[lock-held-across-call]
	// s.mu, then s.stats: no path takes them the other way, so no finding.
	s.stats.Lock()
	s.stats.hits++
	s.stats.Unlock()
	s.mu.Unlock()
}

func (s *Store) Read(k string) string {
	s.rw.RLock()
	v, ok := s.data[k]
	if !ok {
		s.rw.RUnlock()
		os.ReadFile("/etc/fallback") // released in this branch
		return ""
	}
	conn, _ := net.Dial("tcp", "peer:80")
	// CHECK: :[[@LINE-1]]:13: warning: read lock of 's.rw' is held across network call 'net.Dial'{{.*}}[lock-held-across-call]
	conn.Write([]byte(v))
	// CHECK: :[[@LINE-1]]:2: warning: read lock of 's.rw' is held across network I/O 'net.Conn.Write'{{.*}}[lock-held-across-call]
	s.rw.RUnlock()
	os.ReadFile("/etc/after") // after the unlock
	return v
}

func Register(name string) {
	registryMu.Lock()
	defer func() {
		registryMu.Unlock()
	}()
	registry[name]++
	registryMu.Lock()
	// CHECK: :[[@LINE-1]]:2: warning: mutex 'registryMu' is held across locking it again; Go mutexes are not reentrant, so this deadlocks (a second RLock too, once a writer waits) [lock-held-across-call]
}

func (st *Stats) Wait() {
	st.Lock()
	defer st.Unlock()
	tm.Sleep(tm.Second)
	// CHECK: :[[@LINE-1]]:2: warning: mutex 'st' is held across 'time.Sleep'{{.*}}[lock-held-across-call]
}

func Local(ctx context.Context, conn *grpc.ClientConn) {
	var mu sync.Mutex
	mu.Lock()
	conn.Invoke(ctx, "/svc/Method", nil, nil)
	// CHECK: :[[@LINE-1]]:2: warning: mutex 'mu' is held across gRPC call 'google.golang.org/grpc.ClientConn.Invoke'{{.*}}[lock-held-across-call]
	mu.Unlock()
}

// Negatives.

func (s *Store) Fine(ctx context.Context, req *http.Request) {
	s.mu.Lock()
	cached := s.data["k"]
	select {
	case s.events <- cached: // cannot block: the select has a default
	default:
	}
	go func() {
		s.client.Do(req) // runs in its own goroutine
		tm.Sleep(tm.Second)
	}()
	defer s.client.Do(req) // runs after the explicit Unlock below
	refresh := func() { os.ReadFile("/x") }
	s.mu.Unlock()
	refresh()
	s.client.Do(req)
	s.events <- cached
}

type fileLock struct{}

func (fileLock) Lock()   {}
func (fileLock) Unlock() {}

type Other struct {
	lk   fileLock
	data map[string]int
}

func (o *Other) NotAMutex() {
	o.lk.Lock() // not a sync mutex
	tm.Sleep(tm.Second)
	o.lk.Unlock()
}

func (s *Store) Unpaired() {
	s.mu.Lock() // released by the caller: no region here
	tm.Sleep(tm.Second)
}

func (s *Store) TimeInRegion(enc *json.Encoder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = tm.Now()
	enc.Encode(s.data) // an encoder of unknown destination
	s.process()        // a method, not a callback
	io.Copy(io.Discard, nil)
}

func (s *Store) process() {}

// Hooks and loaders held in fields, called through locals; timer waits.
type Registry struct {
	mu      sync.Mutex
	hooks   []func()
	loaders map[string]func(context.Context) ([]byte, error)
	names   []string
	data    map[string][]byte
}

func (g *Registry) Scrape() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, f := range g.hooks {
		f()
		// CHECK: :[[@LINE-1]]:3: warning: mutex 'g.mu' is held across callback 'f'{{.*}}[lock-held-across-call]
	}
	for i := range g.names {
		_ = i
	}
}

func (g *Registry) Load(ctx context.Context, k string) []byte {
	g.mu.Lock()
	defer g.mu.Unlock()
	load := g.loaders[k]
	v, _ := load(ctx)
	// CHECK: :[[@LINE-1]]:10: warning: mutex 'g.mu' is held across callback 'load'{{.*}}[lock-held-across-call]
	return v
}

func (g *Registry) Tick(d tm.Duration) {
	g.mu.Lock()
	<-tm.After(d)
	// CHECK: :[[@LINE-1]]:2: warning: mutex 'g.mu' is held across waiting on '<-tm.After(d)'{{.*}}[lock-held-across-call]
	g.mu.Unlock()
}

// Negatives: data, not funcs; a timer in a select with a default; hooks
// called after unlocking.
func (g *Registry) Fine(ctx context.Context, d tm.Duration) {
	g.mu.Lock()
	for _, n := range g.names {
		_ = len(n)
	}
	v := g.data["k"]
	_ = v
	select {
	case <-tm.After(d):
	default:
	}
	hooks := append([]func(){}, g.hooks...)
	g.mu.Unlock()
	for _, f := range hooks {
		f()
	}
}
