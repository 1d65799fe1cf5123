// Package cache is a two-level cache: a local map in front of Redis.
package cache

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

type entry struct {
	val     []byte
	expires time.Time
}

type Cache struct {
	mu      sync.RWMutex
	local   map[string]entry // ok: unbounded-container
	misses  map[string]int   // expect: unbounded-container
	rdb     redis.UniversalClient
	ttl     time.Duration
	loaders map[string]func(context.Context) ([]byte, error)
}

// keyHits is package state that only grows.
var keyHits = make(map[string]uint64) // expect: unbounded-container

var hitsMu sync.Mutex

func New(rdb redis.UniversalClient, ttl time.Duration) *Cache {
	c := &Cache{
		local:   map[string]entry{},
		misses:  map[string]int{},
		rdb:     rdb,
		ttl:     ttl,
		loaders: map[string]func(context.Context) ([]byte, error){},
	}
	go c.evictLoop(context.Background()) // ok: fire-and-forget
	return c
}

func (c *Cache) evictLoop(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			c.mu.Lock()
			for k, e := range c.local {
				if now.After(e.expires) {
					delete(c.local, k)
				}
			}
			c.mu.Unlock()
		}
	}
}

// Get reads the local map, then Redis. The Redis call is outside the lock.
func (c *Cache) Get(ctx context.Context, key string) ([]byte, bool) {
	c.mu.RLock()
	e, ok := c.local[key]
	c.mu.RUnlock()
	hitsMu.Lock()
	keyHits[key]++
	hitsMu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.val, true
	}
	val, err := c.rdb.Get(ctx, key).Bytes() // ok: lock-held-across-call
	if err != nil {
		c.mu.Lock()
		c.misses[key]++
		c.mu.Unlock()
		return nil, false
	}
	c.mu.Lock()
	c.local[key] = entry{val: val, expires: time.Now().Add(c.ttl)}
	c.mu.Unlock()
	return val, true
}

// GetOrLoad holds the write lock across the loader and the Redis write.
func (c *Cache) GetOrLoad(ctx context.Context, key string) ([]byte, error) {
	if v, ok := c.Get(ctx, key); ok {
		return v, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	load := c.loaders[key]
	val, err := load(ctx) // expect: lock-held-across-call
	if err != nil {
		return nil, err
	}
	c.local[key] = entry{val: val, expires: time.Now().Add(c.ttl)}
	return val, nil
}

// Publish writes through to Redis while holding the read lock.
func (c *Cache) Publish(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.rdb.Set(ctx, key, b, c.ttl).Err() // expect: lock-held-across-call
}

// Flush empties the local level and deletes the remote keys found by KEYS.
func (c *Cache) Flush(ctx context.Context, prefix string) error {
	c.mu.Lock()
	c.local = map[string]entry{}
	c.mu.Unlock()
	keys, err := c.rdb.Keys(ctx, prefix+"*").Result() // expect: redis-keys
	if err != nil {
		return err
	}
	return c.rdb.Del(ctx, keys...).Err()
}

// Warm loads the configured keys, each with a deadline.
func (c *Cache) Warm(ctx context.Context, keys []string) {
	for _, k := range keys {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		c.Get(ctx, k)
		cancel()
	}
}

// Register adds a loader; loaders are fixed at startup.
func (c *Cache) Register(key string, fn func(context.Context) ([]byte, error)) {
	c.loaders[key] = fn // ok: unbounded-container
}

// Unregister is the other half.
func (c *Cache) Unregister(key string) {
	delete(c.loaders, key)
}

// Stats copies the counters; the copy is local.
func (c *Cache) Stats() map[string]int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make(map[string]int, len(c.misses)) // ok: unbounded-container
	for k, v := range c.misses {
		out[k] = v
	}
	return out
}
