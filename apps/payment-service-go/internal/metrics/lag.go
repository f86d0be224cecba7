package metrics

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kadm"
)

// ConsumerLag reports events_consumer_lag{topic, partition} at scrape time: messages of the
// group's topics it has not committed yet. A scrape waits at most 2 s for Kafka and keeps the
// last values when Kafka does not answer.
type ConsumerLag struct {
	Admin *kadm.Client
	Group string
	desc  *prometheus.Desc
	mu    sync.Mutex
	last  map[[2]string]float64
}

// NewConsumerLag is the lag collector of group.
func NewConsumerLag(admin *kadm.Client, group string) *ConsumerLag {
	return &ConsumerLag{
		Admin: admin,
		Group: group,
		desc: prometheus.NewDesc("events_consumer_lag",
			"Messages the service's consumer group has not committed yet, per partition of each topic read.",
			[]string{"topic", "partition"}, nil),
		last: map[[2]string]float64{},
	}
}

// Describe implements prometheus.Collector.
func (l *ConsumerLag) Describe(ch chan<- *prometheus.Desc) { ch <- l.desc }

// Collect implements prometheus.Collector.
func (l *ConsumerLag) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	l.mu.Lock()
	defer l.mu.Unlock()
	if lags, err := l.Admin.Lag(ctx, l.Group); err == nil {
		if described, ok := lags[l.Group]; ok && described.Error() == nil {
			for topic, partitions := range described.Lag {
				for partition, lag := range partitions {
					if lag.Err == nil {
						l.last[[2]string{topic, strconv.Itoa(int(partition))}] = float64(lag.Lag)
					}
				}
			}
		}
	}
	for labels, value := range l.last {
		ch <- prometheus.MustNewConstMetric(l.desc, prometheus.GaugeValue, value, labels[0], labels[1])
	}
}
