package vectordb

import (
	"context"
	"log"
	"sort"
	"sync"
)

// Index is an in-memory HNSW-like index with a write-ahead hook and a
// separate lock for statistics.
type Index struct {
	mu       sync.RWMutex
	statsMu  sync.Mutex
	vectors  map[string][]float32
	order    []string // expect: unbounded-container
	tombs    []string // ok: unbounded-container
	searches int
	onWrite  func(id string, v []float32) error
	flushed  chan struct{}
}

func NewIndex(onWrite func(string, []float32) error) *Index {
	return &Index{vectors: map[string][]float32{}, onWrite: onWrite, flushed: make(chan struct{}, 1)}
}

// Add appends to the insertion log, which nothing ever truncates.
func (ix *Index) Add(id string, v []float32) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.onWrite(id, v); err != nil { // expect: lock-held-across-call
		return err
	}
	ix.vectors[id] = v
	ix.order = append(ix.order, id)
	return nil
}

// Delete marks a tombstone; Compact empties the tombstone list.
func (ix *Index) Delete(id string) {
	ix.mu.Lock()
	delete(ix.vectors, id)
	ix.tombs = append(ix.tombs, id)
	ix.mu.Unlock()
}

func (ix *Index) Compact() {
	ix.mu.Lock()
	ix.tombs = ix.tombs[:0]
	ix.mu.Unlock()
}

// Search takes the index lock, then the stats lock.
func (ix *Index) Search(ctx context.Context, q []float32, k int) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.statsMu.Lock() // expect: lock-held-across-call@index-order
	ix.searches++
	ix.statsMu.Unlock()
	type scored struct {
		id string
		s  float32
	}
	all := make([]scored, 0, len(ix.vectors)) // ok: unbounded-container
	for id, v := range ix.vectors {
		all = append(all, scored{id, dot(q, v)})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].s > all[j].s })
	out := []string{}
	for i := 0; i < k && i < len(all); i++ {
		out = append(out, all[i].id)
	}
	return out
}

// Stats takes the stats lock, then the index lock: the reverse order.
func (ix *Index) Stats() (int, int) {
	ix.statsMu.Lock()
	defer ix.statsMu.Unlock()
	ix.mu.RLock() // expect: lock-held-across-call@index-order
	n := len(ix.vectors)
	ix.mu.RUnlock()
	return n, ix.searches
}

// Flush signals a flusher without blocking.
func (ix *Index) Flush() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	select {
	case ix.flushed <- struct{}{}: // ok: lock-held-across-call
	default:
		log.Print("flush already pending")
	}
}

func dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		if i < len(b) {
			s += a[i] * b[i]
		}
	}
	return s
}
