// Package config reads payment-service's settings from the environment and refuses bad ones,
// naming the variable, as every service of the system does.
package config

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of payment-service; the names and defaults are those of the
// TypeScript implementation.
type Config struct {
	Host             string
	Port             int
	DatabaseURL      string
	JWKSURL          string
	KafkaBrokers     []string
	KafkaTopicPrefix string
	LogLevel         string
	Provider         ProviderConfig
	DefaultToken     string
	CustomerTokens   string
	ShutdownTimeout  time.Duration
	OTLPEndpoint     string
	OTelSDKDisabled  bool
	OTelServiceName  string
	ServiceVersion   string
	ServiceName      string
}

// ProviderConfig holds the simulated provider's knobs and the retry policy around it.
type ProviderConfig struct {
	Latency        time.Duration
	FailureRate    float64
	Timeout        time.Duration
	MaxAttempts    int
	RetryBaseDelay time.Duration
	RetryMaxDelay  time.Duration
}

var (
	tokenPattern          = regexp.MustCompile(`^tok_[A-Za-z0-9_]+$`)
	customerTokensPattern = regexp.MustCompile(`^([0-9a-fA-F-]{36}=tok_[A-Za-z0-9_]+)(,[0-9a-fA-F-]{36}=tok_[A-Za-z0-9_]+)*$`)
)

// Load reads the configuration through lookup (os.LookupEnv in production).
func Load(lookup func(string) (string, bool)) (Config, error) {
	r := reader{lookup: lookup}
	c := Config{
		Host:             r.str("HOST", "0.0.0.0"),
		Port:             r.integer("PORT", 3005, 1, 65535),
		DatabaseURL:      r.uri("DATABASE_URL", "postgresql://payment_service:payment_service_dev_password@127.0.0.1:5432/ecommerce"), // DEVELOPMENT DEFAULT
		JWKSURL:          r.uri("JWKS_URL", "http://127.0.0.1:3001/.well-known/jwks.json"),
		KafkaBrokers:     strings.Split(r.str("KAFKA_BROKERS", "127.0.0.1:9092"), ","),
		KafkaTopicPrefix: r.str("KAFKA_TOPIC_PREFIX", ""),
		LogLevel:         r.oneOf("LOG_LEVEL", "info", "trace", "debug", "info", "warn", "error", "fatal", "silent"),
		Provider: ProviderConfig{
			Latency:        r.millis("PAYMENT_PROVIDER_LATENCY_MS", 100, 0, 60_000),
			FailureRate:    r.fraction("PAYMENT_PROVIDER_FAILURE_RATE", 0),
			Timeout:        r.millis("PAYMENT_PROVIDER_TIMEOUT_MS", 2_000, 1, 1<<31),
			MaxAttempts:    r.integer("PAYMENT_PROVIDER_MAX_ATTEMPTS", 4, 1, 10),
			RetryBaseDelay: r.millis("PAYMENT_PROVIDER_RETRY_BASE_DELAY_MS", 100, 0, 1<<31),
			RetryMaxDelay:  r.millis("PAYMENT_PROVIDER_RETRY_MAX_DELAY_MS", 2_000, 0, 1<<31),
		},
		DefaultToken:    r.matching("PAYMENT_DEFAULT_TOKEN", "tok_visa", tokenPattern),
		CustomerTokens:  r.matching("PAYMENT_CUSTOMER_TOKENS", "", customerTokensPattern),
		ShutdownTimeout: r.millis("SHUTDOWN_TIMEOUT_MS", 10_000, 0, 1<<31),
		OTLPEndpoint:    r.str("OTEL_EXPORTER_OTLP_ENDPOINT", ""),
		OTelSDKDisabled: r.str("OTEL_SDK_DISABLED", "false") == "true",
		ServiceName:     "payment-service",
		ServiceVersion:  "1.0.0",
	}
	c.OTelServiceName = r.str("OTEL_SERVICE_NAME", r.str("SERVICE_NAME", c.ServiceName))
	if len(r.problems) > 0 {
		return Config{}, fmt.Errorf("invalid configuration: %s", strings.Join(r.problems, "; "))
	}
	return c, nil
}

// FromEnvironment is Load over the process environment.
func FromEnvironment() (Config, error) { return Load(os.LookupEnv) }

type reader struct {
	lookup   func(string) (string, bool)
	problems []string
}

func (r *reader) raw(name string) (string, bool) {
	value, ok := r.lookup(name)
	if !ok || value == "" {
		return "", false
	}
	return value, true
}

func (r *reader) fail(name, value, want string) {
	r.problems = append(r.problems, fmt.Sprintf("%s=%q must be %s", name, value, want))
}

func (r *reader) str(name, fallback string) string {
	if value, ok := r.raw(name); ok {
		return value
	}
	return fallback
}

func (r *reader) integer(name string, fallback, lowest, highest int) int {
	value, ok := r.raw(name)
	if !ok {
		return fallback
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < lowest || n > highest {
		r.fail(name, value, fmt.Sprintf("an integer from %d to %d", lowest, highest))
		return fallback
	}
	return n
}

func (r *reader) millis(name string, fallback, lowest, highest int) time.Duration {
	return time.Duration(r.integer(name, fallback, lowest, highest)) * time.Millisecond
}

func (r *reader) fraction(name string, fallback float64) float64 {
	value, ok := r.raw(name)
	if !ok {
		return fallback
	}
	f, err := strconv.ParseFloat(value, 64)
	if err != nil || f < 0 || f > 1 {
		r.fail(name, value, "a number from 0 to 1")
		return fallback
	}
	return f
}

func (r *reader) uri(name, fallback string) string {
	value := r.str(name, fallback)
	if u, err := url.Parse(value); err != nil || u.Scheme == "" || u.Host == "" {
		r.fail(name, value, "an absolute URL")
	}
	return value
}

func (r *reader) matching(name, fallback string, pattern *regexp.Regexp) string {
	value := r.str(name, fallback)
	if value != "" && !pattern.MatchString(value) {
		r.fail(name, value, "of the form "+pattern.String())
	}
	return value
}

func (r *reader) oneOf(name, fallback string, allowed ...string) string {
	value := r.str(name, fallback)
	for _, a := range allowed {
		if value == a {
			return value
		}
	}
	r.fail(name, value, "one of "+strings.Join(allowed, ", "))
	return fallback
}
