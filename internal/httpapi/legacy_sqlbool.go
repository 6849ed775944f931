package httpapi

// sqlBool is the SQLite integer of b. It is left here only for assets.go and
// assets_admin.go, whose queries move to internal/market on the market
// branch: delete it once they do.
func sqlBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
