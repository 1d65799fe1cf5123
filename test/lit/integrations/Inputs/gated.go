package gated

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func names(ctx context.Context, rdb *redis.Client) {
	rdb.Keys(ctx, "a:*") // hazardlint: ignore[redis-keys]
	// hazardlint: ignore[redis-keys]
	rdb.Keys(ctx, "b:*")
	rdb.Keys(ctx, "c:*")
}
