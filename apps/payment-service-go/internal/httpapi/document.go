package httpapi

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The OpenAPI 3.1 document of payment-service's API: the same document whatever the
// implementation, and the source of this implementation's request validation.
//
//go:embed openapi.json
var openAPIDocument []byte

// bodySchemas compiles the JSON request body schema of each operation that has one.
func bodySchemas() (map[string]*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPIDocument))
	if err != nil {
		return nil, fmt.Errorf("read the OpenAPI document: %w", err)
	}
	var parsed struct {
		Paths map[string]map[string]struct {
			RequestBody *struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &parsed); err != nil {
		return nil, fmt.Errorf("read the OpenAPI document: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("openapi.json", doc); err != nil {
		return nil, fmt.Errorf("load the OpenAPI document: %w", err)
	}
	schemas := map[string]*jsonschema.Schema{}
	escape := strings.NewReplacer("~", "~0", "/", "~1")
	for path, operations := range parsed.Paths {
		for method, operation := range operations {
			if operation.RequestBody == nil || operation.RequestBody.Content["application/json"] == nil {
				continue
			}
			ref := fmt.Sprintf("openapi.json#/paths/%s/%s/requestBody/content/application~1json/schema", escape.Replace(path), method)
			schema, err := c.Compile(ref)
			if err != nil {
				return nil, fmt.Errorf("compile the body of %s %s: %w", method, path, err)
			}
			schemas[strings.ToUpper(method)+" "+path] = schema
		}
	}
	return schemas, nil
}

func serveDocument(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIDocument)
}
