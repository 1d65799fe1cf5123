package limits

import "time"

// Cleanup for containers declared in limits.go.
func sweep(now time.Time) {
	for ip, t := range seen {
		if now.Sub(t) > time.Hour {
			delete(seen, ip)
		}
	}
	clear(hits)
}

func (s *Server) trim() {
	if len(s.log) > 1000 {
		s.log = s.log[len(s.log)-1000:]
	}
}
