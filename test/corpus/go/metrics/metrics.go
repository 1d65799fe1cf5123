// Package metrics keeps counters and histograms and exports them on scrape.
package metrics

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"
)

type Registry struct {
	mu         sync.Mutex
	exportMu   sync.Mutex
	counters   map[string]float64 // ok: unbounded-container
	samples    []float64          // ok: unbounded-container
	labelsSeen map[string]struct{} // expect: unbounded-container
	onScrape   []func()
	sink       io.Writer
}

func NewRegistry(sink io.Writer) *Registry {
	return &Registry{counters: map[string]float64{}, labelsSeen: map[string]struct{}{}, sink: sink}
}

// Inc is called on the hot path; it only touches memory.
func (r *Registry) Inc(name string, labels string) {
	r.mu.Lock()
	r.counters[name+labels]++
	r.labelsSeen[labels] = struct{}{}
	r.mu.Unlock()
}

// Observe keeps a window of at most 1024 samples.
func (r *Registry) Observe(v float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.samples = append(r.samples, v)
	if len(r.samples) > 1024 {
		r.samples = r.samples[len(r.samples)-1024:]
	}
}

// Reset clears the counters between test runs.
func (r *Registry) Reset() {
	r.mu.Lock()
	r.counters = map[string]float64{}
	r.mu.Unlock()
}

// OnScrape registers a hook. Hooks are fixed at startup.
func (r *Registry) OnScrape(f func()) {
	r.onScrape = append(r.onScrape, f) // ok: unbounded-container
}

// ServeHTTP renders the metrics; the scrape hooks run under the lock.
func (r *Registry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.onScrape {
		f() // expect: lock-held-across-call@scrape-under-lock
	}
	names := make([]string, 0, len(r.counters))
	for n := range r.counters {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "%s %g\n", n, r.counters[n]) // expect: lock-held-across-call@scrape-under-lock
	}
}

// Export writes a snapshot to the sink: the snapshot is taken under the
// lock and written after it is released.
func (r *Registry) Export() error {
	r.mu.Lock()
	snap := make(map[string]float64, len(r.counters))
	for k, v := range r.counters {
		snap[k] = v
	}
	r.mu.Unlock()
	r.exportMu.Lock()
	defer r.exportMu.Unlock()
	_, err := fmt.Fprintf(r.sink, "%v %d\n", time.Now().Unix(), len(snap)) // ok: lock-held-across-call
	return err
}

// Tick waits for the next scrape interval with the lock held.
func (r *Registry) Tick(every time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	<-time.After(every) // expect: lock-held-across-call
	r.samples = r.samples[:0]
}
