// Command kube-validate decodes Kubernetes manifests strictly against the API types of
// k8s.io/api, the way the API server's own decoder would: an unknown field, a duplicated
// field, a value of the wrong type or a kind the API does not have is an error.
//
// It reads multi-document YAML from the files named as arguments (or standard input) and
// prints one JSON line per document: {"document":N,"kind":...,"name":...,"error":...}.
// The exit status is 1 when any document fails, 2 when the input cannot be read.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

// result is what is printed for one document.
type result struct {
	Document   int    `json:"document"`
	Source     string `json:"source"`
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Name       string `json:"name,omitempty"`
	Error      string `json:"error,omitempty"`
}

func main() {
	sources := os.Args[1:]
	if len(sources) == 0 {
		sources = []string{"-"}
	}
	out := json.NewEncoder(os.Stdout)
	failed := false
	for _, source := range sources {
		results, err := validateSource(source)
		if err != nil {
			fmt.Fprintf(os.Stderr, "kube-validate: %v\n", err)
			os.Exit(2)
		}
		for _, r := range results {
			if r.Error != "" {
				failed = true
			}
			if err := out.Encode(r); err != nil {
				fmt.Fprintf(os.Stderr, "kube-validate: %v\n", err)
				os.Exit(2)
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}

func validateSource(source string) ([]result, error) {
	var in io.Reader = os.Stdin
	if source != "-" {
		f, err := os.Open(source)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	}
	return validateStream(source, in)
}

// validateStream decodes every non-empty document of a YAML stream.
func validateStream(source string, in io.Reader) ([]result, error) {
	decoder := newStrictDecoder()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(in))
	var results []result
	for n := 1; ; n++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return results, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", source, n, err)
		}
		if isEmpty(doc) {
			n--
			continue
		}
		results = append(results, validateDocument(decoder, source, n, doc))
	}
}

func newStrictDecoder() runtime.Decoder {
	return kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme.Scheme, scheme.Scheme,
		kjson.SerializerOptions{Yaml: true, Strict: true})
}

func validateDocument(decoder runtime.Decoder, source string, n int, doc []byte) result {
	r := result{Document: n, Source: source}
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		r.Error = fmt.Sprintf("not a YAML object: %v", err)
		return r
	}
	r.APIVersion, r.Kind, r.Name = meta.APIVersion, meta.Kind, meta.Metadata.Name
	// Strict decoding still fills the object when it reports unknown or duplicate fields;
	// any error at all fails the document.
	if _, _, err := decoder.Decode(doc, nil, nil); err != nil {
		r.Error = err.Error()
	}
	return r
}

// isEmpty reports whether a document holds only comments and whitespace (helm template
// leaves such documents where a template rendered nothing).
func isEmpty(doc []byte) bool {
	for _, line := range bytes.Split(doc, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' && !bytes.Equal(line, []byte("---")) {
			return false
		}
	}
	return true
}
