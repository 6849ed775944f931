// Package config loads the service configuration from environment variables
// and validates it before anything starts.
package config

import (
	"net/netip"
	"time"
)

// Config is the whole service configuration. Each field names its variable,
// default and help text in tags; Load fills and validates it, and Usage
// documents it, so the three never drift apart.
type Config struct {
	Env string `env:"APP_ENV" default:"development" validate:"oneof=development production test" usage:"deployment environment, reported by /api/system/info"`

	HTTP      HTTP
	DB        DB
	Cache     Cache
	News      News
	Refresh   Refresh
	Providers Providers
	Log       Log
	Auth      Auth
	// Stream bounds the server-sent event streams.
	Stream Stream

	// MemoryLimit is the Go runtime's soft memory limit, set at start unless
	// GOMEMLIMIT is set (the runtime's own variable wins).
	MemoryLimit int64 `env:"MEMORY_LIMIT_BYTES" default:"402653184" validate:"min=0,max=1099511627776" usage:"soft memory limit of the Go runtime in bytes (0: none; GOMEMLIMIT, when set, wins); at least PASSWORD_HASH_CONCURRENCY × ARGON2_MEMORY_KIB + CACHE_L1_MAX_BYTES + 64 MiB"`

	AdminToken string `env:"ADMIN_TOKEN" secret:"true" validate:"omitempty,min=32,max=256,printascii" usage:"static bearer token for admin operations (at least 32 characters); empty disables them"`
}

// HTTP configures the listener and the middleware stack.
type HTTP struct {
	Addr               string         `env:"HTTP_ADDR" default:"127.0.0.1:8080" validate:"required,listen_addr" usage:"listen address host:port (port 0 picks a free one)"`
	ReadHeaderTimeout  time.Duration  `env:"HTTP_READ_HEADER_TIMEOUT" default:"5s" validate:"min=100ms,max=1m" usage:"time allowed to read request headers"`
	ReadTimeout        time.Duration  `env:"HTTP_READ_TIMEOUT" default:"15s" validate:"min=100ms,max=10m" usage:"time allowed to read a whole request"`
	WriteTimeout       time.Duration  `env:"HTTP_WRITE_TIMEOUT" default:"30s" validate:"min=100ms,max=10m" usage:"time allowed to write a response"`
	IdleTimeout        time.Duration  `env:"HTTP_IDLE_TIMEOUT" default:"120s" validate:"min=1s,max=1h" usage:"keep-alive idle timeout"`
	ShutdownTimeout    time.Duration  `env:"HTTP_SHUTDOWN_TIMEOUT" default:"15s" validate:"min=0s,max=5m" usage:"how long SIGINT/SIGTERM waits for in-flight requests; then they are cancelled, and the stop closes the cache and the database within 15s more"`
	MaxBodyBytes       int64          `env:"HTTP_MAX_BODY_BYTES" default:"1048576" validate:"min=1024,max=67108864" usage:"largest accepted request body in bytes"`
	CORSOrigins        []string       `env:"CORS_ALLOWED_ORIGINS" validate:"dive,http_url|eq=*" usage:"comma-separated origins allowed by CORS, e.g. http://localhost:5173, or * for every origin; empty sends no CORS headers"`
	RateLimitRPS       float64        `env:"RATE_LIMIT_RPS" default:"50" validate:"gt=0,max=100000" usage:"sustained requests per second allowed per client"`
	RateLimitBurst     int            `env:"RATE_LIMIT_BURST" default:"100" validate:"min=1,max=100000" usage:"requests a client may burst above the sustained rate"`
	TrustedProxies     []netip.Prefix `env:"HTTP_TRUSTED_PROXIES" validate:"max=256" usage:"comma-separated addresses or CIDR prefixes of the proxies in front, e.g. 127.0.0.1,10.0.0.0/8: behind one of them the client is the right-most X-Forwarded-For entry not in the list; empty ignores X-Forwarded-For"`
	UserRateLimitRPS   float64        `env:"RATE_LIMIT_USER_RPS" default:"25" validate:"gt=0,max=100000" usage:"sustained requests per second allowed per signed-in user"`
	UserRateLimitBurst int            `env:"RATE_LIMIT_USER_BURST" default:"100" validate:"min=1,max=100000" usage:"requests a signed-in user may burst above the sustained rate"`
}

// DB configures the database: the SQLite file at Path, or PostgreSQL at URL
// when it is set.
type DB struct {
	URL          string        `env:"DATABASE_URL" secret:"true" validate:"omitempty,max=4096,postgres_url" usage:"PostgreSQL URL, postgres://user:password@host:port/db?sslmode=… (or postgresql://); set, the service runs on PostgreSQL instead of the SQLite file (several instances may share it); checked at start"`
	Path         string        `env:"DATABASE_PATH" default:"./data/marketpulse.db" validate:"required,max=4096" usage:"SQLite database file, created when missing"`
	BusyTimeout  time.Duration `env:"DB_BUSY_TIMEOUT" default:"5s" validate:"min=0s,max=1m" usage:"how long a connection waits for a lock"`
	ReadConns    int           `env:"DB_READ_CONNS" default:"0" validate:"min=0,max=256" usage:"read pool size (PostgreSQL: the one pool's size); 0 picks 2×GOMAXPROCS (at least 4)"`
	SlowQuery    time.Duration `env:"DB_SLOW_QUERY" default:"100ms" validate:"min=0s,max=1h" usage:"log queries at least this slow (0 disables)"`
	MinFreeBytes int64         `env:"DB_MIN_FREE_BYTES" default:"67108864" validate:"min=0,max=1125899906842624" usage:"health reports the storage degraded when the database's filesystem has less free space than this (bytes; 0 disables)"`
	Migrate      string        `env:"DB_MIGRATE" default:"auto" validate:"oneof=auto verify" usage:"auto applies pending migrations at start; verify refuses to start unless the schema is current"`
}

// Cache configures the in-process L1 and the optional Valkey L2.
type Cache struct {
	ValkeyURL        string        `env:"VALKEY_URL" secret:"true" validate:"omitempty,url,startswith=valkey://|startswith=valkeys://|startswith=redis://|startswith=rediss://" usage:"Valkey URL (valkey://, redis://, rediss:// for TLS; user:password@host:port/db); empty runs with the in-process cache only"`
	DialTimeout      time.Duration `env:"VALKEY_DIAL_TIMEOUT" default:"300ms" validate:"min=10ms,max=30s" usage:"Valkey connect timeout"`
	CallTimeout      time.Duration `env:"VALKEY_CALL_TIMEOUT" default:"50ms" validate:"min=1ms,max=10s" usage:"deadline of one Valkey read or write"`
	ProbeInterval    time.Duration `env:"VALKEY_PROBE_INTERVAL" default:"1s" validate:"min=50ms,max=5m" usage:"how often an unreachable Valkey is retried"`
	BreakerThreshold int           `env:"VALKEY_BREAKER_THRESHOLD" default:"3" validate:"min=1,max=1000" usage:"consecutive Valkey errors before it is skipped until the probe succeeds"`
	L1MaxBytes       int64         `env:"CACHE_L1_MAX_BYTES" default:"67108864" validate:"min=1048576,max=68719476736" usage:"memory bound of the in-process cache in bytes"`
	AssetsTTL        time.Duration `env:"CACHE_TTL_ASSETS" default:"5m" validate:"min=1s,max=24h" usage:"how long asset reads are cached"`
	QuotesTTL        time.Duration `env:"CACHE_TTL_QUOTES" default:"5s" validate:"min=1s,max=1h" usage:"how long quote reads are cached; also the least stale window (a quote is stale when observed more than twice its type's REFRESH_FRESHNESS_* before its market last traded)"`
	HistoryTTL       time.Duration `env:"CACHE_TTL_HISTORY" default:"1m" validate:"min=1s,max=24h" usage:"how long price history reads are cached"`
	NewsTTL          time.Duration `env:"CACHE_TTL_NEWS" default:"30s" validate:"min=1s,max=24h" usage:"how long news reads and searches are cached"`
	DownL1TTL        time.Duration `env:"CACHE_DOWN_L1_TTL" default:"5s" validate:"min=100ms,max=1h" usage:"cap on in-process cache lifetimes while Valkey (and so peers' invalidations) is unreachable"`
	WarmTop          int           `env:"CACHE_WARM_TOP" default:"100" validate:"min=0,max=10000" usage:"hottest keys per namespace preloaded at start (0 disables)"`
	HitFlush         time.Duration `env:"CACHE_HIT_FLUSH_INTERVAL" default:"10s" validate:"min=100ms,max=1h" usage:"how often read counts are written to cache_metadata"`
	NotFoundTTL      time.Duration `env:"CACHE_TTL_NOT_FOUND" default:"10s" validate:"min=0s,max=1h" usage:"how long a \"not found\" answer is cached"`
}

// Refresh configures the refresher that keeps watched quotes fresh (see
// internal/refresh). With no provider key it runs the simulated provider.
type Refresh struct {
	Enabled    bool          `env:"REFRESH_ENABLED" default:"true" usage:"run the refresher, which keeps the quotes of the symbols on dashboards' widgets fresh from the providers (the simulated one when no key is set)"`
	Interval   time.Duration `env:"REFRESH_INTERVAL" default:"1s" validate:"min=100ms,max=1m" usage:"how often the refresher looks for stale watched symbols"`
	Crypto     time.Duration `env:"REFRESH_FRESHNESS_CRYPTO" default:"10s" validate:"min=1s,max=24h" usage:"target age of a watched crypto quote (polled around the clock)"`
	Equity     time.Duration `env:"REFRESH_FRESHNESS_EQUITY" default:"15s" validate:"min=1s,max=24h" usage:"target age of a watched stock, ETF or index quote (polled only while NYSE is open)"`
	Other      time.Duration `env:"REFRESH_FRESHNESS_OTHER" default:"30s" validate:"min=1s,max=24h" usage:"target age of a watched currency or commodity quote (polled on weekdays)"`
	MaxWatched int           `env:"REFRESH_MAX_WATCHED" default:"10000" validate:"min=1,max=1000000" usage:"most distinct watched symbols the refresher keeps fresh"`
	// Bars, news and backfills are polled after the quotes, at background
	// priority (never from a budget's reserve), at most SlowPerMinute calls
	// a minute.
	Bars          string        `env:"REFRESH_BARS" default:"5m" validate:"oneof=off daily 1m 5m 1h" usage:"bars polled for watched symbols: daily ones once after each session (an asset without any is backfilled REFRESH_BACKFILL_DAYS once) and, unless daily, intraday ones of this interval as each completes; off: none"`
	News          time.Duration `env:"REFRESH_NEWS_INTERVAL" default:"5m" validate:"min=0s,max=24h" usage:"how often the news of each watched symbol, and the NEWS_FEEDS, are polled (0: never)"`
	BackfillDays  int           `env:"REFRESH_BACKFILL_DAYS" default:"365" validate:"min=1,max=3650" usage:"days of daily bars fetched once for a watched asset that has none (and the default of marketpulse backfill)"`
	SlowPerMinute int           `env:"REFRESH_SLOW_PER_MINUTE" default:"10" validate:"min=1,max=100000" usage:"most bar, news and backfill polls a minute, made in that order after the quotes"`
}

// News configures the bounds of news search (see news.Deps).
type News struct {
	SearchTimeout     time.Duration `env:"NEWS_SEARCH_TIMEOUT" default:"1s" validate:"min=10ms,max=1m" usage:"time budget of one search's statements; past it SQLite interrupts the search, which answers 503 search_timeout"`
	SearchConcurrency int           `env:"NEWS_SEARCH_CONCURRENCY" default:"2" validate:"min=1,max=256" usage:"searches that may read the database at once (keep it under the read pool size); beyond it a search waits 200 ms, then answers 503 search_busy"`
}

// Log configures the structured logger.
type Log struct {
	Level      string `env:"LOG_LEVEL" default:"info" validate:"oneof=debug info warn error" usage:"debug, info, warn or error"`
	Format     string `env:"LOG_FORMAT" default:"json" validate:"oneof=json text" usage:"json or text"`
	File       string `env:"LOG_FILE" validate:"max=4096" usage:"log to this file (rotated) instead of standard error"`
	MaxSizeMB  int    `env:"LOG_MAX_SIZE_MB" default:"100" validate:"min=1,max=10240" usage:"rotate the log file at this size"`
	MaxBackups int    `env:"LOG_MAX_BACKUPS" default:"5" validate:"min=0,max=1000" usage:"rotated files to keep"`
	MaxAgeDays int    `env:"LOG_MAX_AGE_DAYS" default:"28" validate:"min=0,max=3650" usage:"days to keep rotated files (0 keeps them)"`
}

// Auth configures accounts: password hashing, sessions, login throttling and
// the bootstrap administrator. The argon2id defaults are auth.DefaultParams.
type Auth struct {
	SessionTTL           time.Duration `env:"SESSION_TTL" default:"168h" validate:"min=1s,max=8760h" usage:"lifetime of a login token"`
	SessionTouchEvery    time.Duration `env:"SESSION_TOUCH_INTERVAL" default:"1m" validate:"min=10ms,max=24h" usage:"a session's last use is recorded at most this often"`
	SessionSweepEvery    time.Duration `env:"SESSION_SWEEP_INTERVAL" default:"1h" validate:"min=1s,max=168h" usage:"how often expired sessions are deleted"`
	TokenCacheTTL        time.Duration `env:"AUTH_TOKEN_CACHE_TTL" default:"30s" validate:"min=10ms,max=5m" usage:"how long a resolved token is cached; logout, password change and deactivation invalidate it at once"`
	ArgonMemoryKiB       int           `env:"ARGON2_MEMORY_KIB" default:"65536" validate:"min=8,max=4194304" usage:"argon2id memory per password hash, in KiB"`
	ArgonIterations      int           `env:"ARGON2_ITERATIONS" default:"2" validate:"min=1,max=64" usage:"argon2id passes"`
	ArgonParallelism     int           `env:"ARGON2_PARALLELISM" default:"2" validate:"min=1,max=64" usage:"argon2id lanes"`
	HashConcurrency      int           `env:"PASSWORD_HASH_CONCURRENCY" default:"4" validate:"min=1,max=1024" usage:"password hashes computed at once (each takes ARGON2_MEMORY_KIB); others wait"`
	HashQueue            int           `env:"PASSWORD_HASH_QUEUE" default:"16" validate:"min=0,max=100000" usage:"logins, registrations and password changes that may wait for a hash; beyond them the answer is 503 server_busy with Retry-After"`
	LoginPerMinute       float64       `env:"LOGIN_ATTEMPTS_PER_MINUTE" default:"5" validate:"gt=0,max=100000" usage:"sustained failed logins per minute of one client address on one account (beyond: 429 for that pair); also the rate at which an account under attack recovers"`
	LoginBurst           int           `env:"LOGIN_BURST" default:"10" validate:"min=1,max=100000" usage:"failed logins at once of one client address on one account; beyond this many failures on an account from all addresses, its logins are delayed (250 ms doubling to 2 s), never refused"`
	LoginClientPerMinute float64       `env:"LOGIN_CLIENT_ATTEMPTS_PER_MINUTE" default:"20" validate:"gt=0,max=100000" usage:"sustained login attempts per minute per client address, on any account"`
	LoginClientBurst     int           `env:"LOGIN_CLIENT_BURST" default:"30" validate:"min=1,max=100000" usage:"login attempts allowed at once per client address, on any account"`
	PasswordPerMinute    float64       `env:"PASSWORD_CHANGE_FAILURES_PER_MINUTE" default:"5" validate:"gt=0,max=100000" usage:"sustained wrong current passwords per minute per account on password and email change (beyond: 429)"`
	PasswordBurst        int           `env:"PASSWORD_CHANGE_BURST" default:"10" validate:"min=1,max=100000" usage:"wrong current passwords allowed at once per account on password and email change"`
	RegisterPerMinute    float64       `env:"REGISTER_ATTEMPTS_PER_MINUTE" default:"1" validate:"gt=0,max=100000" usage:"sustained registrations per minute per client address"`
	RegisterBurst        int           `env:"REGISTER_BURST" default:"3" validate:"min=1,max=100000" usage:"registrations allowed at once per client address"`
	AdminEmail           string        `env:"ADMIN_EMAIL" validate:"required_with=AdminPassword,omitempty,email,max=254" usage:"with ADMIN_PASSWORD: at start, create this admin account if no account has the email (an existing non-admin account of it stops the start; an existing admin is reactivated, its password never changed)"`
	AdminPassword        string        `env:"ADMIN_PASSWORD" secret:"true" validate:"required_with=AdminEmail,omitempty,min=10,max=128" usage:"password of a newly created ADMIN_EMAIL account (10 to 128 characters)"`
}

// Stream bounds the server-sent event streams of GET /api/stream.
type Stream struct {
	Heartbeat    time.Duration `env:"STREAM_HEARTBEAT" default:"15s" validate:"min=10ms,max=5m" usage:"interval of a stream's heartbeat event"`
	MaxPerClient int           `env:"STREAM_MAX_PER_CLIENT" default:"16" validate:"min=1,max=1000000" usage:"open streams per client IP; beyond them a stream answers 429 too_many_streams"`
	MaxPerUser   int           `env:"STREAM_MAX_PER_USER" default:"8" validate:"min=1,max=10000" usage:"open dashboard streams per user; beyond them a stream answers 429 too_many_streams"`
	MaxPending   int           `env:"STREAM_MAX_PENDING" default:"256" validate:"min=1,max=100000" usage:"undelivered events of one stream (after per-symbol coalescing) before it is sent a dropped event and closed"`
	ReplaySize   int           `env:"STREAM_REPLAY_SIZE" default:"1024" validate:"min=1,max=1000000" usage:"recent events kept for Last-Event-ID resume"`
}
