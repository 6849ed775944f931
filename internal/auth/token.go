package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// tokenPrefix marks Market Pulse tokens, so secret scanners can find leaks.
const tokenPrefix = "mpt_"

// NewToken returns a fresh bearer token (256 random bits) and the SHA-256
// digest that is the only thing stored.
func NewToken() (token string, digest [32]byte) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, Digest(token)
}

// Digest is the stored form of a token.
func Digest(token string) [32]byte { return sha256.Sum256([]byte(token)) }

// LooksLikeToken cheaply rejects strings that cannot be one of our tokens.
func LooksLikeToken(s string) bool {
	rest, ok := strings.CutPrefix(s, tokenPrefix)
	return ok && len(rest) == 43
}

// ticketPrefix marks stream tickets, which are not bearer tokens.
const ticketPrefix = "mpst_"

// NewTicket returns a fresh stream ticket (256 random bits) and its digest.
func NewTicket() (ticket string, digest [32]byte) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	ticket = ticketPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return ticket, Digest(ticket)
}

// LooksLikeTicket cheaply rejects strings that cannot be a stream ticket.
func LooksLikeTicket(s string) bool {
	rest, ok := strings.CutPrefix(s, ticketPrefix)
	return ok && len(rest) == 43
}
