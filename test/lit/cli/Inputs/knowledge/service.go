package service

import (
	"net/http"
	"sync"

	"example.com/acme"
)

type Cache struct {
	mu   sync.Mutex
	conn *acme.Conn
	hits map[string]string
}

func handle(w http.ResponseWriter, r *http.Request) {
	c := acme.Dial("db")
	defer c.Close()
	w.Write([]byte(c.Fetch("k")))
}

func (s *Cache) Get(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.Fetch(key)
}
