package ratelimit

import (
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

type visitor struct {
	lim      *rate.Limiter
	lastSeen time.Time
}

// Visitors is the fixed design: a janitor (janitor.go) evicts idle entries.
type Visitors struct {
	mu       sync.Mutex
	visitors map[string]*visitor // ok: unbounded-container
	events   chan string
	quit     chan struct{}
}

func NewVisitors() *Visitors {
	v := &Visitors{
		visitors: make(map[string]*visitor),
		events:   make(chan string, 16),
		quit:     make(chan struct{}),
	}
	go v.janitor(time.Minute) // ok: fire-and-forget
	return v
}

func (v *Visitors) Allow(ip string) bool {
	v.mu.Lock()
	vis, ok := v.visitors[ip]
	if !ok {
		vis = &visitor{lim: rate.NewLimiter(5, 10)}
		v.visitors[ip] = vis
	}
	vis.lastSeen = time.Now()
	allowed := vis.lim.Allow()
	v.mu.Unlock()
	return allowed
}

// Announce reports new visitors on a channel while holding the lock: when
// nobody reads the channel every Allow call blocks behind it.
func (v *Visitors) Announce(ip string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, ok := v.visitors[ip]; !ok {
		v.events <- ip // expect: lock-held-across-call
	}
}

// AnnounceNonBlocking drops the event when the channel is full.
func (v *Visitors) AnnounceNonBlocking(ip string) {
	v.mu.Lock()
	_, known := v.visitors[ip]
	v.mu.Unlock()
	if !known {
		select {
		case v.events <- ip: // ok: lock-held-across-call
		default:
		}
	}
}

func (v *Visitors) Handler(w http.ResponseWriter, r *http.Request) {
	if !v.Allow(r.RemoteAddr) {
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	// Counted in the background, with a context-free goroutine per request.
	go v.Announce(r.RemoteAddr) // expect: fire-and-forget
	w.WriteHeader(http.StatusNoContent)
}
