package httpmw

import (
	"net/http"
	"strings"

	"github.com/rs/cors"
)

// CORS allows the listed origins to call the API from a browser with the
// headers the API uses. With no origins it sends no CORS headers at all (rs/cors
// would treat an empty list as every origin); "*" allows every origin only when
// it is listed explicitly.
func CORS(origins []string) Middleware {
	allowed := make([]string, 0, len(origins))
	for _, o := range origins {
		if o = strings.TrimSpace(o); o != "" {
			allowed = append(allowed, o)
		}
	}
	if len(allowed) == 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	c := cors.New(cors.Options{
		AllowedOrigins: allowed,
		AllowedMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
		AllowedHeaders: []string{"Authorization", "Content-Type", "If-Match", "If-None-Match", RequestIDHeader},
		ExposedHeaders: []string{"ETag", "Cache-Status", RequestIDHeader, "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"},
		MaxAge:         600,
	})
	return c.Handler
}
