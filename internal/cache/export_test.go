package cache

// WaitL2Writes waits until the background L2 writes started so far are done. Tests only;
// it must not be called after Close.
func (c *Cache) WaitL2Writes() {
	if c.l2 == nil {
		return
	}
	for range cap(c.l2.writes) {
		c.l2.writes <- struct{}{}
	}
	for range cap(c.l2.writes) {
		<-c.l2.writes
	}
}
