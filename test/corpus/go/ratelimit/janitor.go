package ratelimit

import "time"

// janitor evicts visitors idle for more than three minutes: the delete that
// bounds Visitors.visitors lives here, in another file of the package.
func (v *Visitors) janitor(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			v.mu.Lock()
			for ip, vis := range v.visitors {
				if time.Since(vis.lastSeen) > 3*time.Minute {
					delete(v.visitors, ip)
				}
			}
			v.mu.Unlock()
		case <-v.quit:
			return
		}
	}
}

// Stop ends the janitor.
func (v *Visitors) Stop() { close(v.quit) }
