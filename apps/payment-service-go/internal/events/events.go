// Package events is payment-service's side of the saga's event contracts: the CloudEvents
// envelope, validation against the system's AsyncAPI document, topic names and W3C trace
// context in Kafka headers.
package events

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Event types (= contract topics) payment-service consumes and publishes.
const (
	InventoryReserved = "inventory.reserved.v1"
	OrderCancelled    = "order.cancelled.v1"
	PaymentSucceeded  = "payment.succeeded.v1"
	PaymentFailed     = "payment.failed.v1"
	PaymentRefunded   = "payment.refunded.v1"
)

// Source is the `source` of every event payment-service publishes.
const Source = "payment-service"

// ContentType of a structured-mode CloudEvent on Kafka.
const ContentType = "application/cloudevents+json; charset=UTF-8"

// Envelope is a CloudEvents 1.0 event in its JSON format; Subject is the order id and Kafka key.
type Envelope struct {
	SpecVersion     string          `json:"specversion"`
	ID              string          `json:"id"`
	Source          string          `json:"source"`
	Type            string          `json:"type"`
	Time            string          `json:"time"`
	Subject         string          `json:"subject"`
	DataContentType string          `json:"datacontenttype"`
	Data            json.RawMessage `json:"data"`
}

// New builds an envelope of payment-service around data.
func New(eventType, subject string, data any) (Envelope, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Envelope{}, fmt.Errorf("encode %s data: %w", eventType, err)
	}
	return Envelope{
		SpecVersion:     "1.0",
		ID:              uuid.NewString(),
		Source:          Source,
		Type:            eventType,
		Time:            time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		Subject:         subject,
		DataContentType: "application/json",
		Data:            raw,
	}, nil
}

// Headers are the Kafka headers of an envelope, before trace context is added.
func Headers(e Envelope) map[string]string {
	return map[string]string{"content-type": ContentType, "ce_id": e.ID, "ce_type": e.Type}
}

// The system's AsyncAPI document (packages/events/asyncapi.json); `go generate` refreshes the
// copy and a test fails while it differs.
//
//go:generate cp ../../../../packages/events/asyncapi.json asyncapi.json
//go:embed asyncapi.json
var asyncAPIDocument []byte

// Validator checks envelopes against the AsyncAPI document's schema of their type.
type Validator struct {
	schemas map[string]*jsonschema.Schema
}

// NewValidator compiles the schemas of the given event types.
func NewValidator(types ...string) (*Validator, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(asyncAPIDocument))
	if err != nil {
		return nil, fmt.Errorf("read the AsyncAPI document: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	if err := c.AddResource("asyncapi.json", doc); err != nil {
		return nil, fmt.Errorf("load the AsyncAPI document: %w", err)
	}
	v := &Validator{schemas: map[string]*jsonschema.Schema{}}
	for _, t := range types {
		name, err := componentName(t)
		if err != nil {
			return nil, err
		}
		schema, err := c.Compile("asyncapi.json#/components/schemas/" + name)
		if err != nil {
			return nil, fmt.Errorf("compile the schema of %s: %w", t, err)
		}
		v.schemas[t] = schema
	}
	return v, nil
}

// componentName is the AsyncAPI component of an event type: payment.succeeded.v1 -> PaymentSucceededV1.
func componentName(eventType string) (string, error) {
	var out []byte
	upper := true
	for i := 0; i < len(eventType); i++ {
		ch := eventType[i]
		if ch == '.' || ch == '_' {
			upper = true
			continue
		}
		if upper && ch >= 'a' && ch <= 'z' {
			ch -= 'a' - 'A'
		}
		upper = false
		out = append(out, ch)
	}
	if len(out) == 0 {
		return "", fmt.Errorf("no event type")
	}
	return string(out), nil
}

// Validate checks a message value (the whole envelope) against its type's schema.
func (v *Validator) Validate(eventType string, value []byte) error {
	schema, ok := v.schemas[eventType]
	if !ok {
		return fmt.Errorf("no schema for %s", eventType)
	}
	instance, err := jsonschema.UnmarshalJSON(bytes.NewReader(value))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := schema.Validate(instance); err != nil {
		return fmt.Errorf("%s does not match its schema: %w", eventType, err)
	}
	return nil
}

// Topics maps contract topics to those of the deployment (a prefix isolates environments).
type Topics struct{ Prefix string }

// Name is the deployment's topic of a contract topic.
func (t Topics) Name(topic string) string { return t.Prefix + topic }

// DeadLetter is the deployment's dead-letter topic of a contract topic.
func (t Topics) DeadLetter(topic string) string { return t.Prefix + topic + ".dlq" }

// All are the system's event types: every service makes sure their topics exist.
var All = []string{
	"order.created.v1", InventoryReserved, "inventory.rejected.v1", PaymentSucceeded, PaymentFailed,
	"order.confirmed.v1", OrderCancelled, "inventory.released.v1", "inventory.committed.v1", PaymentRefunded,
	"order.refunded.v1",
}
