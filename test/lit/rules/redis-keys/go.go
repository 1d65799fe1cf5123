// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="[redis-keys]"
// No Go fix is offered: --fix leaves the file as it is.
// RUN: cp %s %t.go
// RUN: not %hazardlint check --fix --unsafe-fixes %t.go
// RUN: diff %s %t.go

package cache

import (
	"context"

	goredis "github.com/redis/go-redis/v9"
	redigo "github.com/gomodule/redigo/redis"
	v8 "github.com/go-redis/redis/v8"

	"example.com/inventory"
)

type Cache struct {
	rdb   *goredis.Client
	pool  *redigo.Pool
	local map[string]int
}

func (c *Cache) Flush(ctx context.Context) {
	c.rdb.Keys(ctx, "page:*")
	// CHECK: :[[@LINE-1]]:2: warning: Redis KEYS on 'c.rdb' blocks the server while it walks every key; iterate with Scan().Iterator() instead [redis-keys]
	c.rdb.Do(ctx, "KEYS", "page:*")
	// CHECK: :[[@LINE-1]]:2: warning: Redis KEYS on 'c.rdb'{{.*}}[redis-keys]
	conn := c.pool.Get()
	defer conn.Close()
	conn.Do("keys", "page:*")
	// CHECK: :[[@LINE-1]]:2: warning: Redis KEYS on 'conn' blocks the server while it walks every key; iterate with a SCAN cursor loop instead [redis-keys]
	pipe := c.rdb.Pipeline()
	pipe.Keys(ctx, "page:*")
	// CHECK: :[[@LINE-1]]:2: warning: Redis KEYS on 'pipe'{{.*}}iterate with Scan().Iterator() instead [redis-keys]
}

func Universal(ctx context.Context, rdb goredis.UniversalClient) []string {
	return rdb.Keys(ctx, "*").Val()
	// CHECK: :[[@LINE-1]]:9: warning: Redis KEYS on 'rdb'{{.*}}[redis-keys]
}

func Legacy(ctx context.Context) {
	client := v8.NewClient(&v8.Options{})
	client.Keys(ctx, "old:*")
	// CHECK: :[[@LINE-1]]:2: warning: Redis KEYS on 'client'{{.*}}[redis-keys]
	conn, err := redigo.Dial("tcp", "localhost:6379")
	if err != nil {
		return
	}
	conn.Send("KEYS", "*")
	// CHECK: :[[@LINE-1]]:2: warning: Redis KEYS on 'conn'{{.*}}[redis-keys]
}

// Negatives.
func Fine(ctx context.Context, c *Cache) {
	iter := c.rdb.Scan(ctx, 0, "page:*", 1000).Iterator()
	for iter.Next(ctx) {
	}
	store := inventory.New()
	store.Keys(ctx, "*") // another library's Keys
	conn := c.pool.Get()
	conn.Do("GET", "k")
	conn.Do("KEYSPACE", "k") // a command that only starts with KEYS
	conn.Do(ctx, "KEYS", "*") // not redigo's shape
	c.rdb.Do("KEYS")          // not go-redis's shape
	for k := range c.local {
		_ = k
	}
}

func Shadowed(ctx context.Context) {
	goredis := inventory.New()
	goredis.Keys(ctx, "*")
}
