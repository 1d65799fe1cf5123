// Facts are judged per package: the files of one directory in the run.
// RUN: rm -rf %t && mkdir -p %t/pkg %t/alone && cp %s %t/pkg/limits.go && cp %S/Inputs/sweep.go %t/pkg/sweep.go && cp %s %t/alone/limits.go
// RUN: cd %t && not %hazardlint check pkg/limits.go pkg/sweep.go 2>&1 | FileCheck %s --implicit-check-not="[unbounded-container]"
// RUN: cd %t && not %hazardlint check --jobs 4 --format json pkg/sweep.go pkg/limits.go > %t/j4.json
// RUN: cd %t && not %hazardlint check --jobs 1 --format json pkg/limits.go pkg/sweep.go > %t/j1.json
// RUN: diff %t/j1.json %t/j4.json
// RUN: FileCheck %s --check-prefix=CHECK-JSON --input-file=%t/j1.json
// Without sweep.go the containers it cleans up are reported too.
// RUN: cd %t && not %hazardlint check alone/limits.go 2>&1 | FileCheck %s --check-prefix=CHECK-ALONE
// No Go fix is offered: --fix leaves the file as it is.
// RUN: cp %s %t/fix.go && not %hazardlint check --fix --unsafe-fixes %t/fix.go && diff %s %t/fix.go

package limits

import (
	"net/http"
	"sync"
	"time"

	xrate "golang.org/x/time/rate"
)

var limiters = map[string]*xrate.Limiter{}

// CHECK: limits.go:[[@LINE-2]]:5: warning: map 'limiters' grows without bound: entries are added but never deleted anywhere in package 'limits'; delete stale entries (e.g. a periodic sweep by last-seen time) or use an LRU/TTL cache [unbounded-container]
// CHECK: limits.go:[[@LINE+19]]:3: note: added to here

var (
	hits   = make(map[string]int)
	recent []string
	// CHECK: limits.go:[[@LINE-1]]:2: warning: slice 'recent' grows without bound: it is appended to but never truncated or reset anywhere in package 'limits'; cap it {{.*}}[unbounded-container]
	seen    = map[string]time.Time{} // deleted from in sweep.go
	drivers = map[string]http.Handler{}
	kinds   = map[string]int{}
	conns   sync.Map
	// CHECK: limits.go:[[@LINE-1]]:2: warning: sync.Map 'conns' grows without bound{{.*}}[unbounded-container]
)

func Allow(r *http.Request) bool {
	ip := r.RemoteAddr
	l, ok := limiters[ip]
	if !ok {
		l = xrate.NewLimiter(xrate.Every(time.Second),
			5)
		limiters[ip] = l
	}
	hits[ip]++ // hits is reset in sweep.go
	recent = append(recent,
		ip)
	seen[ip] = time.Now()
	conns.Store(ip, r)
	kinds["GET"]++ // constant keys: bounded
	return l.Allow()
}

// Register fills a table once at startup, like database/sql's drivers.
func Register(name string, h http.Handler) { drivers[name] = h }

type Server struct {
	mu       sync.Mutex
	sessions map[string]*Session
	// CHECK: limits.go:[[@LINE-1]]:2: warning: map field 'Server.sessions' grows without bound{{.*}}[unbounded-container]
	// CHECK: limits.go:[[@LINE+25]]:2: note: added to here
	log      []string // trimmed in sweep.go
	byUser   map[string][]string
	// CHECK: limits.go:[[@LINE-1]]:2: warning: map field 'Server.byUser' grows without bound{{.*}}[unbounded-container]
	queue    []string // re-sliced below
	pending  map[string]int // reset in Flush
	static   map[string]int // filled by the constructor only
	peers    []string        // never appended to
}

type Session struct{ user string }

func NewServer() *Server {
	s := &Server{sessions: map[string]*Session{}}
	s.static = make(map[string]int)
	s.static["a"] = 1
	for _, k := range []string{"b", "c"} {
		s.static[k] = 2
	}
	return s
}

func (s *Server) Login(id, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[id] = &Session{user: user}
	s.log = append(s.log, id)
	s.byUser[user] = append(s.byUser[user], id)
	s.queue = append(s.queue, id)
	s.pending[id]++
	local := map[string]int{}
	local[id] = 1
	var buf []string
	buf = append(buf, id)
	_ = buf
}

func (s *Server) Next() string {
	head := s.queue[0]
	s.queue = s.queue[1:]
	return head
}

func (s *Server) Flush() {
	s.pending = make(map[string]int)
}

// CHECK-JSON: "message": "map 'limiters' grows without bound: {{.*}}",
// CHECK-JSON: "related": [
// CHECK-JSON: "message": "added to here",
// CHECK-JSON-NEXT: "path": "pkg/limits.go"

// CHECK-ALONE-DAG: warning: map 'limiters' grows without bound
// CHECK-ALONE-DAG: warning: map 'hits' grows without bound
// CHECK-ALONE-DAG: warning: map 'seen' grows without bound
// CHECK-ALONE-DAG: warning: slice field 'Server.log' grows without bound

// A value that dies with the request: no mutex, no package variable.
type request struct {
	params map[string]string
	parts  []string
}

func (r *request) parse(k, v string) {
	r.params[k] = v
	r.parts = append(r.parts, v)
}

// A package variable makes its struct long-lived.
type tracker struct {
	byIP map[string]int
}

var defaultTracker = &tracker{byIP: map[string]int{}}

func (t *tracker) track(ip string) { t.byIP[ip]++ }

// CHECK: limits.go:[[@LINE-7]]:2: warning: map field 'tracker.byIP' grows without bound{{.*}}[unbounded-container]
// CHECK: limits.go:[[@LINE-3]]:38: note: added to here

// Hook registries grow with registrations in code, not with traffic; a
// slice of requests is data.
type Hub struct {
	mu       sync.Mutex
	onClose  []func()
	handlers map[string]func(*http.Request)
	queued   []*http.Request
	// CHECK: limits.go:[[@LINE-1]]:2: warning: slice field 'Hub.queued' grows without bound{{.*}}[unbounded-container]
	// CHECK-ALONE-DAG: limits.go:[[@LINE-2]]:2: warning: slice field 'Hub.queued' grows{{.*}}
}

var onReload []func()

func (h *Hub) OnClose(f func())                       { h.onClose = append(h.onClose, f) }
func (h *Hub) Handle(p string, f func(*http.Request)) { h.handlers[p] = f }
func (h *Hub) Queue(r *http.Request)                  { h.queued = append(h.queued, r) }
func OnReload(f func())                               { onReload = append(onReload, f) }
