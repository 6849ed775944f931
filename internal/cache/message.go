package cache

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// message is an invalidation published on the channel, as JSON. Exactly one of Keys,
// NS (with Gen) and Tag is set. The generation script writes NS messages itself (Lua
// cjson), so their fields must stay in step with genScript.
type message struct {
	Origin string   `json:"o"`            // the Cache that sent it
	Keys   []string `json:"k,omitempty"`  // L2 keys, "<namespace>:<gen>:<key>"
	NS     string   `json:"ns,omitempty"` // a namespace whose generation is now Gen
	Gen    uint64   `json:"g,omitempty"`
	Tag    string   `json:"t,omitempty"`
}

func (m message) encode() string {
	b, err := json.Marshal(m)
	if err != nil { // strings and integers only
		panic(fmt.Sprintf("cache: encode message: %v", err))
	}
	return string(b)
}

func decodeMessage(payload string) (message, error) {
	var m message
	if err := json.Unmarshal([]byte(payload), &m); err != nil {
		return message{}, fmt.Errorf("decode message: %w", err)
	}
	if m.Origin == "" {
		return message{}, fmt.Errorf("decode message: no origin")
	}
	return m, nil
}

// splitL2Key returns the namespace and bare key of an L2 data key.
func splitL2Key(k string) (ns, key string, ok bool) {
	ns, rest, ok := strings.Cut(k, ":")
	if !ok {
		return "", "", false
	}
	gen, key, ok := strings.Cut(rest, ":")
	if !ok {
		return "", "", false
	}
	if _, err := strconv.ParseUint(gen, 10, 64); err != nil {
		return "", "", false
	}
	return ns, key, true
}
