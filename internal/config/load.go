package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
)

// Error lists every invalid variable, one per line.
type Error struct {
	Problems []string
}

func (e *Error) Error() string {
	return "invalid configuration:\n  " + strings.Join(e.Problems, "\n  ")
}

// Load reads the configuration through getenv (os.Getenv in production),
// applies defaults and validates it. It reports every bad variable at once.
func Load(getenv func(string) string) (Config, error) {
	var cfg Config
	problems := removedProblems(getenv)
	walk(reflect.ValueOf(&cfg).Elem(), func(f field) {
		raw := getenv(f.env)
		if raw == "" {
			raw = f.def
		}
		if raw == "" {
			return
		}
		if err := set(f.value, raw); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v (got %s)", f.env, err, shown(f, raw)))
		}
	})
	if len(problems) > 0 {
		return Config{}, &Error{Problems: problems}
	}
	if err := Validate(cfg); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// Validate checks every rule of the struct tags and returns an *Error.
func Validate(cfg Config) error {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(sf reflect.StructField) string { return sf.Tag.Get("env") })
	for tag, fn := range map[string]validator.Func{"listen_addr": listenAddr, "postgres_url": postgresURL} {
		if err := v.RegisterValidation(tag, fn); err != nil {
			return fmt.Errorf("validate configuration: %w", err)
		}
	}
	var verrs validator.ValidationErrors
	if err := v.Struct(cfg); err != nil && !errors.As(err, &verrs) {
		return fmt.Errorf("validate configuration: %w", err)
	}
	secret := secretNames()
	problems := make([]string, 0, len(verrs))
	for _, fe := range verrs {
		name := fe.Field()
		if i := strings.IndexByte(name, '['); i > 0 {
			name = name[:i]
		}
		got := fmt.Sprint(fe.Value())
		if secret[name] {
			got = "<redacted>"
		}
		problems = append(problems, fmt.Sprintf("%s: %s (got %q)", name, rule(fe), got))
	}
	if len(problems) == 0 {
		problems = append(problems, crossChecks(cfg)...)
	}
	if len(problems) == 0 {
		return nil
	}
	return &Error{Problems: problems}
}

// crossChecks are the rules that relate variables, checked once each
// variable is valid on its own.
func crossChecks(cfg Config) []string {
	var problems []string
	if need := MemoryNeed(cfg); cfg.MemoryLimit != 0 && cfg.MemoryLimit < need {
		problems = append(problems, fmt.Sprintf("MEMORY_LIMIT_BYTES: must be 0 or at least %d: PASSWORD_HASH_CONCURRENCY × ARGON2_MEMORY_KIB "+
			"+ CACHE_L1_MAX_BYTES + 64 MiB (got %d)", need, cfg.MemoryLimit))
	}
	return problems
}

// MemoryNeed is the least soft memory limit cfg can run under without the
// garbage collector running without pause: every password hash at once,
// a full in-process cache and 64 MiB for the rest.
func MemoryNeed(cfg Config) int64 {
	return int64(cfg.Auth.HashConcurrency)*int64(cfg.Auth.ArgonMemoryKiB)<<10 + cfg.Cache.L1MaxBytes + 64<<20
}

func rule(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "oneof":
		return "must be one of " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "min", "gte":
		return "must be at least " + fe.Param()
	case "max", "lte":
		return "must be at most " + fe.Param()
	case "gt":
		return "must be greater than " + fe.Param()
	case "listen_addr":
		return "must be host:port"
	case "http_url":
		return "must be an http(s) URL"
	case "http_url|eq=*":
		return "must be an http(s) URL or *"
	case "url":
		return "must be a valkey://, valkeys://, redis:// or rediss:// URL"
	case "postgres_url":
		return "must be a postgres:// or postgresql:// URL"
	case "printascii":
		return "must be printable ASCII"
	case "email":
		return "must be an email address"
	case "required_with":
		return "is required with " + envOf(fe.Param())
	default:
		if strings.HasPrefix(fe.Tag(), "startswith=") {
			return "must be a valkey://, valkeys://, redis:// or rediss:// URL"
		}
		return "fails rule " + fe.Tag()
	}
}

type field struct {
	env, def string
	secret   bool
	value    reflect.Value
	sf       reflect.StructField
}

// walk visits every field with an env tag, depth first, in declaration order.
func walk(v reflect.Value, fn func(field)) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		fv := v.Field(i)
		if sf.Type.Kind() == reflect.Struct && sf.Type != reflect.TypeFor[time.Duration]() {
			walk(fv, fn)
			continue
		}
		env := sf.Tag.Get("env")
		if env == "" {
			continue
		}
		fn(field{env: env, def: sf.Tag.Get("default"), secret: sf.Tag.Get("secret") == "true", value: fv, sf: sf})
	}
}

// envOf names the variable of the Go field name (a validator parameter).
func envOf(fieldName string) string {
	name := fieldName
	walk(reflect.ValueOf(&Config{}).Elem(), func(f field) {
		if f.sf.Name == fieldName {
			name = f.env
		}
	})
	return name
}

func secretNames() map[string]bool {
	names := map[string]bool{}
	walk(reflect.ValueOf(&Config{}).Elem(), func(f field) {
		if f.secret {
			names[f.env] = true
		}
	})
	return names
}

func shown(f field, raw string) string {
	if f.secret {
		return "<redacted>"
	}
	return strconv.Quote(raw)
}

func set(v reflect.Value, raw string) error {
	switch v.Interface().(type) {
	case time.Duration:
		d, err := time.ParseDuration(raw)
		if err != nil {
			return errors.New("must be a duration such as 250ms, 5s or 1m")
		}
		v.SetInt(int64(d))
		return nil
	case []netip.Prefix:
		out, err := parsePrefixes(raw)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(out))
		return nil
	case []string:
		var out []string
		for part := range strings.SplitSeq(raw, ",") {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
		}
		v.Set(reflect.ValueOf(out))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(raw)
	case reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return errors.New("must be true or false")
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return errors.New("must be a whole number")
		}
		v.SetInt(n)
	case reflect.Float64:
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return errors.New("must be a number")
		}
		v.SetFloat(n)
	default:
		return fmt.Errorf("unsupported type %s", v.Type())
	}
	return nil
}

// postgresURL accepts a URL that parses (a bad port, a stray space fail)
// with the scheme postgres or postgresql, as pgx reads it; pgstore.Open
// checks the rest when it connects.
func postgresURL(fl validator.FieldLevel) bool {
	u, err := url.Parse(fl.Field().String())
	return err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") && u.Opaque == ""
}

// listenAddr accepts host:port with a port from 0 (any free port) to 65535.
func listenAddr(fl validator.FieldLevel) bool {
	_, port, err := net.SplitHostPort(fl.Field().String())
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535
}
