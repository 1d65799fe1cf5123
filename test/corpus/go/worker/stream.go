// Package worker consumes jobs from Redis streams and runs them.
package worker

import (
	"context"
	"log"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

type Job struct {
	ID     string
	Kind   string
	Params map[string]any
}

type Consumer struct {
	rdb      *redis.Client
	stream   string
	group    string
	name     string
	handlers map[string]func(context.Context, Job) error
	wg       sync.WaitGroup
}

func NewConsumer(rdb *redis.Client, stream, group, name string) *Consumer {
	return &Consumer{rdb: rdb, stream: stream, group: group, name: name,
		handlers: map[string]func(context.Context, Job) error{}}
}

func (c *Consumer) Handle(kind string, h func(context.Context, Job) error) {
	c.handlers[kind] = h // ok: unbounded-container
}

// Tail re-reads the whole stream on every poll: "0" never moves.
func (c *Consumer) Tail(ctx context.Context) error {
	for ctx.Err() == nil {
		res, err := c.rdb.XRead(ctx, &redis.XReadArgs{ // expect: stream-replay
			Streams: []string{c.stream, "0"},
			Count:   100,
			Block:   5 * time.Second,
		}).Result()
		if err != nil && err != redis.Nil {
			return err
		}
		for _, s := range res {
			for _, m := range s.Messages {
				c.dispatch(ctx, m)
			}
		}
	}
	return ctx.Err()
}

// Follow keeps the last id and resumes after it.
func (c *Consumer) Follow(ctx context.Context) error {
	last := "0"
	for ctx.Err() == nil {
		res, err := c.rdb.XRead(ctx, &redis.XReadArgs{ // ok: stream-replay
			Streams: []string{c.stream, last},
			Block:   5 * time.Second,
		}).Result()
		if err != nil && err != redis.Nil {
			return err
		}
		for _, s := range res {
			for _, m := range s.Messages {
				c.dispatch(ctx, m)
				last = m.ID
			}
		}
	}
	return ctx.Err()
}

// Live only wants entries added from now on.
func (c *Consumer) Live(ctx context.Context) {
	for ctx.Err() == nil {
		res, _ := c.rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{c.stream, "$"}, Block: time.Second}).Result() // ok: stream-replay
		for _, s := range res {
			for _, m := range s.Messages {
				c.dispatch(ctx, m)
			}
		}
	}
}

// Group reads new entries for this consumer and acknowledges them.
func (c *Consumer) Group(ctx context.Context) {
	for ctx.Err() == nil {
		res, err := c.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: c.group, Consumer: c.name, Streams: []string{c.stream, ">"}, Block: time.Second}).Result() // ok: stream-replay
		if err != nil {
			continue
		}
		for _, s := range res {
			for _, m := range s.Messages {
				if c.dispatch(ctx, m) == nil {
					c.rdb.XAck(ctx, c.stream, c.group, m.ID)
				}
			}
		}
	}
}

// Pending re-reads this consumer's pending list but never acknowledges, so
// a failing job comes back forever.
func (c *Consumer) Pending(ctx context.Context) {
	args := &redis.XReadGroupArgs{Group: c.group, Consumer: c.name, Streams: []string{c.stream, "0-0"}, Count: 10}
	for i := 0; i < 1000; i++ {
		res, err := c.rdb.XReadGroup(ctx, args).Result() // expect: stream-replay
		if err != nil || len(res) == 0 || len(res[0].Messages) == 0 {
			return
		}
		for _, m := range res[0].Messages {
			c.dispatch(ctx, m)
		}
	}
}

// Recover drains the pending list: each read is followed by XACKs.
func (c *Consumer) Recover(ctx context.Context) {
	for {
		res, err := c.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: c.group, Consumer: c.name, Streams: []string{c.stream, "0"}}).Result() // ok: stream-replay
		if err != nil || len(res) == 0 || len(res[0].Messages) == 0 {
			return
		}
		for _, m := range res[0].Messages {
			c.dispatch(ctx, m)
			c.rdb.XAck(ctx, c.stream, c.group, m.ID)
		}
	}
}

// Snapshot reads the stream once from the start.
func (c *Consumer) Snapshot(ctx context.Context) int {
	res, _ := c.rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{c.stream, "0"}, Count: 1000}).Result() // ok: stream-replay
	n := 0
	for _, s := range res {
		n += len(s.Messages)
	}
	return n
}

func (c *Consumer) dispatch(ctx context.Context, m redis.XMessage) error {
	kind, _ := m.Values["kind"].(string)
	h, ok := c.handlers[kind]
	if !ok {
		log.Printf("no handler for %q", kind)
		return nil
	}
	return h(ctx, Job{ID: m.ID, Kind: kind, Params: m.Values})
}

// Fanout runs every message of a batch in its own goroutine and waits.
func (c *Consumer) Fanout(ctx context.Context, msgs []redis.XMessage) {
	for _, m := range msgs {
		c.wg.Add(1)
		go func(m redis.XMessage) { // ok: fire-and-forget
			defer c.wg.Done()
			c.dispatch(ctx, m)
		}(m)
	}
	c.wg.Wait()
}

// Spray starts a goroutine per message and returns at once: errors and
// panics are lost and shutdown does not wait for them.
func (c *Consumer) Spray(ctx context.Context, msgs []redis.XMessage) {
	for _, m := range msgs {
		go c.dispatch(context.Background(), m) // expect: fire-and-forget
	}
}
