// Package ratelimit keeps one token bucket per API key.
package ratelimit

import (
	"context"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter is the classic leak: a limiter per key, created on first sight and
// never removed, so every API key (or spoofed header) ever seen stays.
type Limiter struct {
	mu       sync.Mutex
	limiters map[string]*rate.Limiter // expect: unbounded-container
	rps      rate.Limit
	burst    int
	onReject func(key string)
}

func NewLimiter(rps float64, burst int) *Limiter {
	return &Limiter{
		limiters: make(map[string]*rate.Limiter),
		rps:      rate.Limit(rps),
		burst:    burst,
	}
}

func (l *Limiter) get(key string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.limiters[key]
	if !ok {
		lim = rate.NewLimiter(l.rps, l.burst)
		l.limiters[key] = lim
	}
	return lim
}

func (l *Limiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("X-Api-Key")
		if !l.get(key).Allow() {
			l.reject(key)
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// reject calls the hook under the lock: a slow hook stalls every request.
func (l *Limiter) reject(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.onReject != nil {
		l.onReject(key) // expect: lock-held-across-call
	}
}

// Wait blocks until the key may proceed; the lock is released first.
func (l *Limiter) Wait(ctx context.Context, key string) error {
	lim := l.get(key)
	return lim.Wait(ctx) // ok: lock-held-across-call
}

// Backoff sleeps with the lock held to "smooth" bursts.
func (l *Limiter) Backoff(key string) {
	l.mu.Lock()
	if _, ok := l.limiters[key]; ok {
		time.Sleep(50 * time.Millisecond) // expect: lock-held-across-call
	}
	l.mu.Unlock()
}

// BackoffOutside sleeps after unlocking.
func (l *Limiter) BackoffOutside(key string) {
	l.mu.Lock()
	_, ok := l.limiters[key]
	l.mu.Unlock()
	if ok {
		time.Sleep(50 * time.Millisecond) // ok: lock-held-across-call
	}
}
