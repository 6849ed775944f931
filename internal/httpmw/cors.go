package httpmw

import (
	"net/http"

	"github.com/rs/cors"
)

// CORS allows the listed origins (none when empty) to call the API from a
// browser with the headers the API uses.
func CORS(origins []string) Middleware {
	c := cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
		AllowedHeaders: []string{"Authorization", "Content-Type", "If-Match", "If-None-Match", RequestIDHeader},
		ExposedHeaders: []string{"ETag", RequestIDHeader, "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"},
		MaxAge:         600,
	})
	return c.Handler
}
