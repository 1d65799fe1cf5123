// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="[stream-replay]"
// No Go fix is offered: --fix leaves the file as it is.
// RUN: cp %s %t.go
// RUN: not %hazardlint check --fix --unsafe-fixes --select stream-replay %t.go
// RUN: diff %s %t.go

package consumer

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
	v8 "github.com/go-redis/redis/v8"

	"example.com/queue"
)

type Worker struct {
	rdb *redis.Client
	q   *queue.Client
}

func (w *Worker) Poll(ctx context.Context) {
	for {
		res, err := w.rdb.XRead(ctx, &redis.XReadArgs{
			// CHECK: :[[@LINE-1]]:15: warning: XRead reads stream "events" from id "0" on every iteration of the loop, so the same entries come back each time; pass the id of the last entry read [stream-replay]
			Streams: []string{"events", "0"},
			Block:   5 * time.Second,
		}).Result()
		if err != nil {
			continue
		}
		_ = res
	}
}

func Group(ctx context.Context, rdb redis.UniversalClient) {
	for i := 0; i < 10; i++ {
		rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c", Streams: []string{"jobs", "audit", ">", "0-0"}})
		// CHECK: :[[@LINE-1]]:3: warning: XReadGroup reads stream "audit" from id "0-0"{{.*}}[stream-replay]
	}
}

// The id lives in a variable the loop never advances.
func Stuck(ctx context.Context, c *v8.Client) {
	start := "0"
	args := &v8.XReadArgs{Streams: []string{"orders", start}, Count: 100}
	for ctx.Err() == nil {
		c.XRead(ctx, args)
		// CHECK: :[[@LINE-1]]:3: warning: XRead reads stream "orders" from id "0"{{.*}}[stream-replay]
		time.Sleep(time.Second)
	}
}

func Streams(ctx context.Context, w *Worker) {
	for {
		w.rdb.XReadStreams(ctx, "a", "b", "$", `0`)
		// CHECK: :[[@LINE-1]]:3: warning: XReadStreams reads stream "b" from id `0`{{.*}}[stream-replay]
	}
}

// Unknown receiver, but the argument struct is go-redis's.
func Unknown(ctx context.Context, c interface{ XRead(context.Context, *redis.XReadArgs) }) {
	for {
		c.XRead(ctx, &redis.XReadArgs{Streams: []string{"s", "0"}})
		// CHECK: :[[@LINE-1]]:3: warning: XRead reads stream "s"{{.*}}[stream-replay]
	}
}

// Negatives.

func Advanced(ctx context.Context, rdb *redis.Client) {
	last := "0"
	for {
		res, err := rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"events", last}}).Result()
		if err != nil {
			return
		}
		for _, s := range res {
			for _, m := range s.Messages {
				last = m.ID
			}
		}
	}
}

func AdvancedArgs(ctx context.Context, rdb *redis.Client) {
	args := &redis.XReadArgs{Streams: []string{"events", "0"}}
	for {
		res, _ := rdb.XRead(ctx, args).Result()
		args.Streams[1] = res[0].Messages[len(res[0].Messages)-1].ID
	}
}

func NewOnly(ctx context.Context, rdb *redis.Client) {
	for {
		rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"events", "$"}})
		rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c", Streams: []string{"jobs", ">"}})
	}
}

func Drain(ctx context.Context, rdb *redis.Client) {
	for {
		res, _ := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c", Streams: []string{"jobs", "0"}}).Result()
		for _, s := range res {
			for _, m := range s.Messages {
				rdb.XAck(ctx, "jobs", "g", m.ID)
			}
		}
	}
}

func Once(ctx context.Context, rdb *redis.Client) {
	rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"events", "0"}})
	for _, s := range rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"events", "0"}}).Val() {
		_ = s
	}
	for {
		go func() {
			rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"events", "0"}})
		}()
	}
}

func Other(ctx context.Context, w *Worker) {
	for {
		w.q.XRead(ctx, "events", "0")
		w.q.XReadStreams(ctx, "a", "0")
	}
}
