// Package cache keeps rendered pages in Redis.
package cache

import (
	"context"

	"github.com/redis/go-redis/v9"
)

type Cache struct {
	rdb   *redis.Client
	local map[string]string
}

func New(addr string) *Cache {
	return &Cache{rdb: redis.NewClient(&redis.Options{Addr: addr})}
}

// Flush drops every cached page: KEYS blocks Redis while it walks the keyspace.
func (c *Cache) Flush(ctx context.Context) error {
	keys, err := c.rdb.Keys(ctx, "page:*").Result()
	if err != nil {
		return err
	}
	return c.rdb.Del(ctx, keys...).Err()
}

// Count uses SCAN, which is fine.
func (c *Cache) Count(ctx context.Context) int {
	n := 0
	iter := c.rdb.Scan(ctx, 0, "page:*", 1000).Iterator()
	for iter.Next(ctx) {
		n++
	}
	return n
}
