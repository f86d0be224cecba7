package events

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

func TestTheEmbeddedAsyncAPIDocumentIsTheSystems(t *testing.T) {
	published, err := os.ReadFile("../../../../packages/events/asyncapi.json")
	if os.IsNotExist(err) {
		t.Skip("outside the repository")
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(published, asyncAPIDocument) {
		t.Fatal("internal/events/asyncapi.json is stale: run go generate ./...")
	}
}

func TestValidatorAcceptsContractsAndRefusesOthers(t *testing.T) {
	v, err := NewValidator(All...)
	if err != nil {
		t.Fatal(err)
	}
	event, err := New(PaymentRefunded, "6f1c8e1e-2b7a-4d0e-9a55-0f1b7a9b1c11", map[string]any{
		"orderId": "6f1c8e1e-2b7a-4d0e-9a55-0f1b7a9b1c11", "paymentId": "0d3f0b2e-5a61-4a1e-8b0c-54c1f6a9c2aa",
		"refundId": "9a7b3c1d-1e2f-4a5b-8c9d-0e1f2a3b4c5d", "amount": map[string]any{"amount": 100, "currency": "EUR"},
		"restock": true,
	})
	if err != nil {
		t.Fatal(err)
	}
	value, _ := json.Marshal(event)
	if err := v.Validate(PaymentRefunded, value); err != nil {
		t.Fatalf("a valid payment.refunded: %v", err)
	}
	event.Data = json.RawMessage(`{"orderId":"x"}`)
	value, _ = json.Marshal(event)
	if err := v.Validate(PaymentRefunded, value); err == nil {
		t.Fatal("an invalid payment.refunded was accepted")
	}
	if err := v.Validate(InventoryReserved, []byte(`{"specversion":`)); err == nil {
		t.Fatal("unparseable JSON was accepted")
	}
}

func TestAllNamesEveryTopicOfTheAsyncAPIDocument(t *testing.T) {
	var doc struct {
		Channels map[string]struct {
			Address string `json:"address"`
		} `json:"channels"`
	}
	if err := json.Unmarshal(asyncAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, channel := range doc.Channels {
		want[channel.Address] = true
	}
	got := map[string]bool{}
	for _, topic := range All {
		got[topic] = true
	}
	if len(got) != len(All) || len(got) != len(want) {
		t.Fatalf("All has %d topics (%d distinct), the document %d", len(All), len(got), len(want))
	}
	for topic := range want {
		if !got[topic] {
			t.Errorf("All lacks %s", topic)
		}
	}
}
