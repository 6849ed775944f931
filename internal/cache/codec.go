package cache

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// An L2 payload is one byte naming its kind, the writer's expiry time (big-endian Unix
// milliseconds, so that a reader knows the remaining TTL without a PTTL round trip), and
// the body. An unknown kind reads as unusable, which leaves room for new formats.
const (
	kindValue     byte = 'v' // body: the JSON of the value
	kindTombstone byte = 't' // body: the loader's error message
	headerLen          = 1 + 8
)

func encodeValue(v any, expires time.Time) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return append(header(kindValue, expires, len(body)), body...), nil
}

func encodeTombstone(err error, expires time.Time) []byte {
	msg := err.Error()
	return append(header(kindTombstone, expires, len(msg)), msg...)
}

func header(kind byte, expires time.Time, bodyLen int) []byte {
	b := make([]byte, headerLen, headerLen+bodyLen)
	b[0] = kind
	binary.BigEndian.PutUint64(b[1:], uint64(expires.UnixMilli()))
	return b
}

// decodeEntry turns an L2 payload into an L1 entry, without its TTL, and returns the
// writer's expiry time. kind is the namespace's not-found kind, wrapped by a rebuilt
// tombstone error.
func decodeEntry[T any](b []byte, kind error) (l1Entry, time.Time, error) {
	if len(b) < headerLen {
		return l1Entry{}, time.Time{}, fmt.Errorf("decode: payload of %d bytes", len(b))
	}
	expires := time.UnixMilli(int64(binary.BigEndian.Uint64(b[1:])))
	body := b[headerLen:]
	switch b[0] {
	case kindValue:
		var v T
		if err := json.Unmarshal(body, &v); err != nil {
			return l1Entry{}, time.Time{}, fmt.Errorf("decode: %w", err)
		}
		return l1Entry{val: v, size: sizeOf(len(b))}, expires, nil
	case kindTombstone:
		msg := string(body)
		if msg == "" {
			msg = kind.Error()
		}
		return l1Entry{notFound: &notFoundError{msg: msg, kind: kind}, size: sizeOf(len(b))}, expires, nil
	default:
		return l1Entry{}, time.Time{}, fmt.Errorf("decode: unknown payload kind %q", b[0])
	}
}
