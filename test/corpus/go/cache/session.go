package cache

import (
	"context"
	"net/http"
	"time"

	redigo "github.com/gomodule/redigo/redis"
	"github.com/redis/go-redis/v9"
)

// Sessions stores login sessions in Redis through a redigo pool.
type Sessions struct {
	pool *redigo.Pool
	addr string
}

func NewSessions(addr string) *Sessions {
	return &Sessions{addr: addr, pool: &redigo.Pool{
		MaxIdle:     8,
		IdleTimeout: time.Minute,
		Dial: func() (redigo.Conn, error) {
			return redigo.Dial("tcp", addr, redigo.DialConnectTimeout(time.Second)) // ok: connection-per-call
		},
	}}
}

// ActiveUsers counts session keys with KEYS through redigo.
func (s *Sessions) ActiveUsers() (int, error) {
	conn := s.pool.Get()
	defer conn.Close()
	keys, err := redigo.Strings(conn.Do("KEYS", "sess:*")) // expect: redis-keys
	return len(keys), err
}

// ActiveUsersScan uses a SCAN cursor.
func (s *Sessions) ActiveUsersScan() (int, error) {
	conn := s.pool.Get()
	defer conn.Close()
	n, cursor := 0, 0
	for {
		vals, err := redigo.Values(conn.Do("SCAN", cursor, "MATCH", "sess:*", "COUNT", 500)) // ok: redis-keys
		if err != nil {
			return n, err
		}
		cursor, _ = redigo.Int(vals[0], nil)
		keys, _ := redigo.Strings(vals[1], nil)
		n += len(keys)
		if cursor == 0 {
			return n, nil
		}
	}
}

// Logout deletes the session named by the cookie.
func (s *Sessions) Logout(w http.ResponseWriter, r *http.Request) {
	ck, err := r.Cookie("sid")
	if err != nil {
		return
	}
	conn := s.pool.Get()
	defer conn.Close()
	conn.Do("DEL", "sess:"+ck.Value)
	http.SetCookie(w, &http.Cookie{Name: "sid", MaxAge: -1})
}

// Whoami builds a go-redis client for each request.
func (s *Sessions) Whoami(w http.ResponseWriter, r *http.Request) {
	rdb := redis.NewClient(&redis.Options{Addr: s.addr, DialTimeout: time.Second}) // expect: connection-per-call
	defer rdb.Close()
	ck, err := r.Cookie("sid")
	if err != nil {
		http.Error(w, "no session", http.StatusUnauthorized)
		return
	}
	user, err := rdb.HGet(r.Context(), "sess:"+ck.Value, "user").Result()
	if err != nil {
		http.Error(w, "no session", http.StatusUnauthorized)
		return
	}
	w.Write([]byte(user))
}

// Touch refreshes the TTL in the background, tied to nothing.
func (s *Sessions) Touch(w http.ResponseWriter, r *http.Request) {
	ck, _ := r.Cookie("sid")
	go func() { // expect: fire-and-forget
		conn := s.pool.Get()
		defer conn.Close()
		conn.Do("EXPIRE", "sess:"+ck.Value, 3600)
	}()
	w.WriteHeader(http.StatusNoContent)
}

// Refresh uses the request context for the Redis call, which is fine.
func Refresh(ctx context.Context, rdb *redis.Client, sid string) error {
	return rdb.Expire(ctx, "sess:"+sid, time.Hour).Err() // ok: wait-without-timeout
}

// RefreshDetached switches to a fresh Background context.
func RefreshDetached(ctx context.Context, rdb *redis.Client, sid string) error {
	return rdb.Expire(context.Background(), "sess:"+sid, time.Hour).Err() // expect: wait-without-timeout
}
