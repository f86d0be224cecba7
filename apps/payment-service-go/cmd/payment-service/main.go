// Command payment-service is the system's payment-service in Go: the same HTTP API, events,
// tables and settings as the TypeScript implementation in apps/payment-service.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"ecommerce.example/payment-service/internal/auth"
	"ecommerce.example/payment-service/internal/config"
	"ecommerce.example/payment-service/internal/consumer"
	"ecommerce.example/payment-service/internal/domain"
	"ecommerce.example/payment-service/internal/events"
	"ecommerce.example/payment-service/internal/handlers"
	"ecommerce.example/payment-service/internal/httpapi"
	"ecommerce.example/payment-service/internal/metrics"
	"ecommerce.example/payment-service/internal/outbox"
	"ecommerce.example/payment-service/internal/payments"
	"ecommerce.example/payment-service/internal/provider"
	"ecommerce.example/payment-service/internal/telemetry"
)

func main() {
	cfg, err := config.FromEnvironment()
	if err != nil {
		fmt.Fprintln(os.Stderr, "payment-service:", err)
		os.Exit(1)
	}
	log := telemetry.Logger(os.Stdout, cfg.LogLevel, cfg.ServiceName)
	slog.SetDefault(log)
	if err := run(cfg, log); err != nil {
		log.Error("payment-service stopped", "err", err)
		os.Exit(1)
	}
}

func run(cfg config.Config, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	stopTracing, err := telemetry.Start(ctx, telemetry.Settings{
		ServiceName: cfg.OTelServiceName, ServiceVersion: cfg.ServiceVersion,
		OTLPEndpoint: cfg.OTLPEndpoint, Disabled: cfg.OTelSDKDisabled,
	})
	if err != nil {
		return err
	}
	defer stopTracing(context.Background()) //nolint:errcheck // best effort at exit

	pool, err := openPool(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()

	topics := events.Topics{Prefix: cfg.KafkaTopicPrefix}
	producer, err := kgo.NewClient(
		kgo.SeedBrokers(cfg.KafkaBrokers...),
		kgo.ClientID(cfg.ServiceName),
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.ProducerLinger(0),
		// The system's other consumers (kafkajs) read uncompressed batches without extra codecs.
		kgo.ProducerBatchCompression(kgo.NoCompression()),
	)
	if err != nil {
		return fmt.Errorf("kafka producer: %w", err)
	}
	defer producer.Close()
	admin := kadm.NewClient(producer)
	if err := ensureTopics(ctx, admin, topics); err != nil {
		return err
	}

	m := metrics.New()
	for _, t := range []string{events.InventoryReserved, events.OrderCancelled} {
		m.Handled.WithLabelValues(topics.Name(t)) // the series exist before the first event
	}
	group := topics.Name(cfg.ServiceName)
	m.Registry.MustRegister(metrics.NewConsumerLag(admin, group))

	tokens, err := domain.ParseCustomerTokens(cfg.CustomerTokens)
	if err != nil {
		return fmt.Errorf("PAYMENT_CUSTOMER_TOKENS: %w", err)
	}
	policy := provider.Policy{
		Timeout: cfg.Provider.Timeout, MaxAttempts: cfg.Provider.MaxAttempts,
		BaseDelay: cfg.Provider.RetryBaseDelay, MaxDelay: cfg.Provider.RetryMaxDelay,
		OnRetry: func(attempt int, err error) {
			m.ProviderRetry.Inc()
			log.Warn("payment provider call failed; retrying", "attempt", attempt, "err", err)
		},
	}
	service := &payments.Service{
		Provider: provider.NewSimulated(cfg.Provider.Latency, cfg.Provider.FailureRate),
		Policy:   policy,
		Tokens:   domain.TokenSettings{DefaultToken: cfg.DefaultToken, CustomerTokens: tokens},
	}
	// A transaction that calls the provider may stay open for the policy's whole budget.
	beginTx := func(ctx context.Context) (pgx.Tx, error) { return pool.Begin(ctx) }

	validator, err := events.NewValidator(events.InventoryReserved, events.OrderCancelled)
	if err != nil {
		return err
	}

	handler, err := httpapi.NewHandler(httpapi.Options{
		Pool: pool, Service: service, Verifier: auth.NewVerifier(ctx, cfg.JWKSURL), Metrics: m, Log: log,
		BeginTx: beginTx,
		Ready: []httpapi.Check{
			{Name: "postgres", Check: func(ctx context.Context) error { return pool.Ping(ctx) }},
			{Name: "kafka", Check: func(ctx context.Context) error { return producer.Ping(ctx) }},
		},
	})
	if err != nil {
		return err
	}

	messaging, stopMessaging := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	relay := &outbox.Relay{
		Pool: pool, Producer: producer, Topics: topics, BatchSize: 100, Poll: 500 * time.Millisecond, Log: log,
		OnBacklog:   func(n int) { m.OutboxBacklog.Set(float64(n)) },
		OnPublished: func(n int) { m.Published.Add(float64(n)) },
	}
	wg.Add(2)
	go func() { defer wg.Done(); relay.Run(messaging) }()
	go func() {
		defer wg.Done()
		consume(messaging, log, cfg, topics, group, func(client *kgo.Client) *consumer.Consumer {
			return &consumer.Consumer{
				Name: cfg.ServiceName, Client: client, Producer: producer, Pool: pool, Topics: topics,
				Validator: validator, Handlers: handlers.For(service), MaxAttempts: 4, Log: log, BeginTx: beginTx,
				OnHandled:      func(topic string) { m.Handled.WithLabelValues(topic).Inc() },
				OnDeadLettered: func(topic, reason string) { m.DeadLettered.WithLabelValues(topic, reason).Inc() },
			}
		})
	}()

	server := &http.Server{
		Addr:              net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)),
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- server.ListenAndServe() }()
	log.Info("payment-service listening", "address", server.Addr)

	select {
	case err = <-served:
	case <-ctx.Done():
		log.Info("shutting down")
		shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		err = server.Shutdown(shutdownCtx)
	}
	stopMessaging()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func openPool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	poolConfig, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	// The service's own schema; its role reaches no other.
	poolConfig.ConnConfig.RuntimeParams["search_path"] = "payments"
	pool, err := pgxpool.NewWithConfig(ctx, poolConfig)
	if err != nil {
		return nil, fmt.Errorf("postgres pool: %w", err)
	}
	return pool, nil
}

// ensureTopics creates the system's topics (3 partitions) and their dead-letter topics.
func ensureTopics(ctx context.Context, admin *kadm.Client, topics events.Topics) error {
	var names []string
	for _, t := range events.All {
		names = append(names, topics.Name(t), topics.DeadLetter(t))
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	created, err := admin.CreateTopics(ctx, 3, -1, nil, names...)
	if err != nil {
		return fmt.Errorf("create topics: %w", err)
	}
	for _, t := range created.Sorted() {
		if t.Err != nil && !errors.Is(t.Err, kerr.TopicAlreadyExists) {
			return fmt.Errorf("create topic %s: %w", t.Topic, t.Err)
		}
	}
	return nil
}

// consume runs the saga's consumer until ctx ends, with a fresh client after any failure (it
// resumes from the group's committed offsets, so nothing is skipped).
func consume(ctx context.Context, log *slog.Logger, cfg config.Config, topics events.Topics, group string, build func(*kgo.Client) *consumer.Consumer) {
	for failures := 0; ctx.Err() == nil; failures++ {
		client, err := kgo.NewClient(
			kgo.SeedBrokers(cfg.KafkaBrokers...),
			kgo.ClientID(cfg.ServiceName),
			kgo.ConsumerGroup(group),
			kgo.ConsumeTopics(topics.Name(events.InventoryReserved), topics.Name(events.OrderCancelled)),
			kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
			kgo.DisableAutoCommit(),
			kgo.BlockRebalanceOnPoll(),
			kgo.SessionTimeout(10*time.Second),
		)
		if err == nil {
			err = build(client).Run(ctx)
			// The last poll blocked rebalances; leaving the group is one.
			client.AllowRebalance()
			client.Close()
		}
		if ctx.Err() != nil {
			return
		}
		log.Warn("consumer restarting", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(min(10*time.Second, time.Duration(failures+1)*500*time.Millisecond)):
		}
	}
}
