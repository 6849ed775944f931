package problem

import (
	"context"
	"encoding/hex"
	"unsafe"
)

type ctxKey uint8

const requestKey ctxKey = 0

// requestCtx carries the request id and path that every problem reports, in
// one allocation: it is itself the context, and Value answers requestKey
// with the pointer (boxing a pointer does not allocate, boxing a string
// would). idBuf holds a generated id, so that it needs no allocation of its
// own.
type requestCtx struct {
	context.Context
	id, path string
	idBuf    [32]byte
	idHeader [1]string // the id as a header value
}

func (c *requestCtx) Value(key any) any {
	if key == requestKey {
		return c
	}
	return c.Context.Value(key)
}

// WithRequest stores the request id and path that every problem reports.
func WithRequest(ctx context.Context, requestID, path string) context.Context {
	return &requestCtx{Context: ctx, id: requestID, path: path}
}

// WithRequestHeader is WithRequest that also returns the id as a header
// value, made in the same allocation as the context.
func WithRequestHeader(ctx context.Context, requestID, path string) (context.Context, []string) {
	c := &requestCtx{Context: ctx, id: requestID, path: path}
	c.idHeader[0] = requestID
	return c, c.idHeader[:]
}

// WithNewRequest is WithRequestHeader with the id the hex form of random,
// built in the same allocation as the context.
func WithNewRequest(ctx context.Context, random [16]byte, path string) (context.Context, []string) {
	c := &requestCtx{Context: ctx, path: path}
	hex.Encode(c.idBuf[:], random[:])
	// The buffer is written once, here, and lives as long as the context
	// (the string points into it), so the string needs no copy.
	c.id = unsafe.String(&c.idBuf[0], len(c.idBuf))
	c.idHeader[0] = c.id
	return c, c.idHeader[:]
}

// RequestID returns the request id stored by WithRequest, or "".
func RequestID(ctx context.Context) string {
	if c, ok := ctx.Value(requestKey).(*requestCtx); ok {
		return c.id
	}
	return ""
}

func instance(ctx context.Context) string {
	if c, ok := ctx.Value(requestKey).(*requestCtx); ok {
		return c.path
	}
	return ""
}
