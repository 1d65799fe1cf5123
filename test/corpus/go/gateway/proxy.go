// Package gateway is an HTTP API gateway: it authenticates requests, fans
// them out to backends and records audit events.
package gateway

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

const maxBody = 4 << 20

type Backend struct {
	Name    string
	BaseURL string
}

type Gateway struct {
	mu       sync.RWMutex
	backends map[string]Backend
	client   *http.Client
	rdb      *redis.Client
	audit    chan AuditEvent
	onRoute  func(name string)
	wg       sync.WaitGroup
}

type AuditEvent struct {
	Path   string
	Status int
	At     time.Time
}

func New(rdb *redis.Client) *Gateway {
	g := &Gateway{
		backends: make(map[string]Backend),
		client:   &http.Client{Timeout: 10 * time.Second}, // ok: wait-without-timeout
		rdb:      rdb,
		audit:    make(chan AuditEvent, 1024),
	}
	// Started once at construction, not per request.
	go g.drainAudit() // ok: fire-and-forget
	return g
}

func (g *Gateway) drainAudit() {
	for ev := range g.audit {
		log.Printf("audit %s %d", ev.Path, ev.Status)
	}
}

// Register replaces the backend table; the lock protects only the map.
func (g *Gateway) Register(b Backend) {
	g.mu.Lock()
	g.backends[b.Name] = b // ok: unbounded-container
	g.mu.Unlock()
}

func (g *Gateway) Unregister(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.backends, name)
}

func (g *Gateway) lookup(name string) (Backend, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	b, ok := g.backends[name]
	return b, ok
}

// ServeHTTP forwards /api/<backend>/... to the backend.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/api/"), "/", 2)
	b, ok := g.lookup(parts[0])
	if !ok {
		http.NotFound(w, r)
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, b.BaseURL+"/"+parts[1], r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := g.client.Do(req) // ok: wait-without-timeout
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body) // ok: decompression-bomb
	// Fire an audit record and forget it: nothing waits, nothing cancels.
	go g.record(r.URL.Path, resp.StatusCode) // expect: fire-and-forget
}

func (g *Gateway) record(path string, status int) {
	g.audit <- AuditEvent{Path: path, Status: status, At: time.Now()}
}

// Ingest accepts gzip-compressed JSON batches from edge agents.
func (g *Gateway) Ingest(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, maxBody)
	zr, err := gzip.NewReader(body)
	if err != nil {
		http.Error(w, "bad gzip", http.StatusBadRequest)
		return
	}
	defer zr.Close()
	// MaxBytesReader bounds the compressed bytes only.
	raw, err := io.ReadAll(zr) // expect: decompression-bomb
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var batch []map[string]any
	if err := json.Unmarshal(raw, &batch); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "%d events\n", len(batch))
}

// IngestBounded is the corrected version of Ingest.
func (g *Gateway) IngestBounded(w http.ResponseWriter, r *http.Request) {
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		http.Error(w, "bad gzip", http.StatusBadRequest)
		return
	}
	defer zr.Close()
	raw, err := io.ReadAll(io.LimitReader(zr, maxBody+1)) // ok: decompression-bomb
	if err != nil || len(raw) > maxBody {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// Health checks every backend with the default client: no timeout at all.
func (g *Gateway) Health(w http.ResponseWriter, r *http.Request) {
	g.mu.RLock()
	names := make([]string, 0, len(g.backends))
	for name := range g.backends {
		names = append(names, name)
	}
	g.mu.RUnlock()
	for _, name := range names {
		b, _ := g.lookup(name)
		resp, err := http.Get(b.BaseURL + "/healthz") // expect: wait-without-timeout
		if err != nil {
			fmt.Fprintf(w, "%s down\n", name)
			continue
		}
		resp.Body.Close()
	}
}

// Webhook posts to a subscriber URL with a client built per request.
func (g *Gateway) Webhook(w http.ResponseWriter, r *http.Request) {
	payload, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	c := &http.Client{Timeout: 5 * time.Second} // expect: connection-per-call
	resp, err := c.Post(r.URL.Query().Get("target"), "application/json", bytes.NewReader(payload))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

// Sessions lists active session keys for the admin page.
func (g *Gateway) Sessions(w http.ResponseWriter, r *http.Request) {
	keys, err := g.rdb.Keys(r.Context(), "session:*").Result() // expect: redis-keys
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(keys)
}

// SessionsScan is the SCAN-based version.
func (g *Gateway) SessionsScan(w http.ResponseWriter, r *http.Request) {
	var keys []string
	iter := g.rdb.Scan(r.Context(), 0, "session:*", 500).Iterator() // ok: redis-keys
	for iter.Next(r.Context()) {
		keys = append(keys, iter.Val())
	}
	json.NewEncoder(w).Encode(keys)
}

// Route notifies the route hook while holding the table lock.
func (g *Gateway) Route(name string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.backends[name]; !ok {
		return errors.New("unknown backend")
	}
	g.onRoute(name) // expect: lock-held-across-call
	return nil
}

// Broadcast fans a request out to all backends and waits for all of them.
func (g *Gateway) Broadcast(ctx context.Context, path string) []int {
	g.mu.RLock()
	bs := make([]Backend, 0, len(g.backends))
	for _, b := range g.backends {
		bs = append(bs, b)
	}
	g.mu.RUnlock()
	codes := make([]int, len(bs))
	var wg sync.WaitGroup
	for i, b := range bs {
		wg.Add(1)
		go func(i int, b Backend) { // ok: fire-and-forget
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.BaseURL+path, nil)
			if resp, err := g.client.Do(req); err == nil { // ok: wait-without-timeout
				codes[i] = resp.StatusCode
				resp.Body.Close()
			}
		}(i, b)
	}
	wg.Wait()
	return codes
}
