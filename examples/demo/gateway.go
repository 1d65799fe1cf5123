// Package cache's gateway side: per-client limiters and an upstream call.
package cache

import (
	"net/http"
	"sync"
)

var (
	mu       sync.Mutex
	limiters = map[string]int{} // per-client entries, never deleted
)

func Handle(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	defer mu.Unlock()
	limiters[r.RemoteAddr]++
	resp, err := http.Get("http://upstream/check") // default client: no timeout, and under mu
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}
