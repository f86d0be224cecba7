package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/trace"

	"ecommerce.example/payment-service/internal/auth"
	"ecommerce.example/payment-service/internal/metrics"
	"ecommerce.example/payment-service/internal/payments"
)

// Check is one dependency of /health/ready.
type Check struct {
	Name  string
	Check func(ctx context.Context) error
}

// Options is what the API needs.
type Options struct {
	Pool     *pgxpool.Pool
	Service  *payments.Service
	Verifier *auth.Verifier
	Metrics  *metrics.Metrics
	Log      *slog.Logger
	Ready    []Check
	BeginTx  func(ctx context.Context) (pgx.Tx, error)
}

// NewHandler is the whole HTTP API.
func NewHandler(o Options) (http.Handler, error) {
	bodies, err := bodySchemas()
	if err != nil {
		return nil, err
	}
	routes := &paymentRoutes{pool: o.Pool, service: o.Service, bodies: bodies, beginTx: o.BeginTx}
	mux := http.NewServeMux()
	signedIn := func(h http.HandlerFunc) http.Handler { return authenticate(o.Verifier, "", h) }
	admin := func(h http.HandlerFunc) http.Handler { return authenticate(o.Verifier, "admin", h) }
	mux.Handle("GET /payments", signedIn(routes.list))
	mux.Handle("GET /payments/{paymentId}", signedIn(routes.get))
	mux.Handle("POST /payments", admin(routes.charge))
	mux.Handle("POST /payments/{orderId}/refund", admin(routes.refund))
	mux.HandleFunc("GET /health/live", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /health/ready", ready(o.Ready))
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.Metrics.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /openapi.json", serveDocument)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, problem(http.StatusNotFound, "Not Found", fmt.Sprintf("Route %s:%s not found", r.Method, r.URL.Path)))
	})

	observed := observe(mux, o.Metrics, o.Log)
	traced := otelhttp.NewHandler(observed, "payment-service",
		otelhttp.WithFilter(func(r *http.Request) bool {
			return !strings.HasPrefix(r.URL.Path, "/health/") && r.URL.Path != "/metrics"
		}),
		// Named once the route is known (in observe); until then by method.
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return r.Method }),
	)
	return withRequestID(traced), nil
}

// routeOf is the matched route in the TypeScript services' notation (/payments/:paymentId),
// so metrics and span names read the same whatever the implementation.
func routeOf(r *http.Request) string {
	pattern := r.Pattern
	if _, path, ok := strings.Cut(pattern, " "); ok {
		pattern = path
	}
	if pattern == "" || pattern == "/" {
		return "unknown"
	}
	var b strings.Builder
	for _, segment := range strings.Split(pattern, "/") {
		if b.Len() > 0 || segment != "" {
			b.WriteString("/")
		}
		if strings.HasPrefix(segment, "{") && strings.HasSuffix(segment, "}") {
			b.WriteString(":" + strings.Trim(segment, "{}"))
		} else {
			b.WriteString(segment)
		}
	}
	return b.String()
}

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 128 {
			id = uuid.NewString()
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(status int) {
	s.status = status
	s.ResponseWriter.WriteHeader(status)
}

type loggerKey struct{}

func loggerFrom(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// observe records the request's duration by route and logs it; a panic becomes a 500 problem.
func observe(next *http.ServeMux, m *metrics.Metrics, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		recorder := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		requestLog := log.With("reqId", w.Header().Get("X-Request-Id"))
		r = r.WithContext(context.WithValue(r.Context(), loggerKey{}, requestLog))
		defer func() {
			if failure := recover(); failure != nil {
				requestLog.ErrorContext(r.Context(), "handler panicked", "panic", fmt.Sprint(failure))
				writeProblem(recorder, r, problem(http.StatusInternalServerError, "Internal Server Error", "Something went wrong"))
			}
			route := routeOf(r)
			trace.SpanFromContext(r.Context()).SetName(r.Method + " " + route)
			if route == "/health/live" || route == "/health/ready" || route == "/metrics" {
				return
			}
			elapsed := time.Since(started)
			m.HTTPDuration.WithLabelValues(r.Method, route, strconv.Itoa(recorder.status)).Observe(elapsed.Seconds())
			requestLog.InfoContext(r.Context(), "request completed",
				"method", r.Method, "url", r.URL.Path, "statusCode", recorder.status, "responseTime", elapsed.Milliseconds())
		}()
		next.ServeHTTP(recorder, r)
	})
}

// authenticate admits a request with a valid bearer token (and the role, if one is named).
func authenticate(v *auth.Verifier, role string, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := auth.Bearer(r)
		if token == "" {
			writeProblem(w, r, problem(http.StatusUnauthorized, "Unauthorized", "A bearer access token is required"))
			return
		}
		identity, err := v.Verify(token)
		if err != nil {
			loggerFrom(r.Context()).DebugContext(r.Context(), "token refused", "err", err)
			writeProblem(w, r, problem(http.StatusUnauthorized, "Unauthorized", "The access token is not valid"))
			return
		}
		if role != "" && !identity.IsAdmin() {
			writeProblem(w, r, problem(http.StatusForbidden, "Forbidden", "Requires the role "+role))
			return
		}
		next(w, r.WithContext(auth.WithIdentity(r.Context(), identity)))
	})
}

func ready(checks []Check) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		results := map[string]any{}
		failed := false
		for _, c := range checks {
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			started := time.Now()
			err := c.Check(ctx)
			cancel()
			result := map[string]any{"status": "ok", "durationMs": time.Since(started).Milliseconds()}
			if err != nil {
				failed = true
				result["status"], result["error"] = "failed", err.Error()
			}
			results[c.Name] = result
		}
		if failed {
			p := problem(http.StatusServiceUnavailable, "Service Unavailable", "Not ready")
			p.Extra = map[string]any{"checks": results}
			writeProblem(w, r, p)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "checks": results})
	}
}
