package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The uuid format as JSON Schema validators (ajv, the TypeScript services') accept it.
var uuidPattern = regexp.MustCompile(`^(?i:urn:uuid:)?(?i:[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})$`)

const maxBodyBytes = 1 << 20

// decodeBody reads a JSON body that its schema accepts into out.
func decodeBody(w http.ResponseWriter, r *http.Request, schema *jsonschema.Schema, out any) *Problem {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/json" {
		p := problem(http.StatusUnsupportedMediaType, "Unsupported Media Type", "Send application/json")
		return &p
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		p := problem(http.StatusRequestEntityTooLarge, "Content Too Large", "The body exceeds 1 MiB")
		return &p
	}
	if err != nil {
		p := problem(http.StatusBadRequest, "Bad Request", "The body could not be read")
		return &p
	}
	instance, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		p := problem(http.StatusBadRequest, "Bad Request", "The body is not valid JSON")
		return &p
	}
	if err := schema.Validate(instance); err != nil {
		p := problem(http.StatusBadRequest, "Bad Request", "body: "+err.Error())
		return &p
	}
	if err := json.Unmarshal(raw, out); err != nil {
		p := problem(http.StatusBadRequest, "Bad Request", "body: "+err.Error())
		return &p
	}
	return nil
}

// hasBody reports whether the request sends a body at all: one with neither a Content-Type nor
// any content is a request without a body, as Fastify sees it.
func hasBody(r *http.Request) bool {
	return r.Header.Get("Content-Type") != "" || r.ContentLength != 0 || len(r.TransferEncoding) > 0
}

// uuidParam is a path parameter that must be a uuid.
func uuidParam(r *http.Request, name string) (string, *Problem) {
	value := r.PathValue(name)
	if !uuidPattern.MatchString(value) {
		p := problem(http.StatusBadRequest, "Bad Request", "params/"+name+" must match format \"uuid\"")
		return "", &p
	}
	return value, nil
}

// listQuery is GET /payments' query: orderId (uuid), limit (1-100, default 50), nothing else.
func listQuery(r *http.Request) (orderID string, limit int, p *Problem) {
	bad := func(detail string) (string, int, *Problem) {
		pr := problem(http.StatusBadRequest, "Bad Request", detail)
		return "", 0, &pr
	}
	query := r.URL.Query()
	for name := range query {
		if name != "orderId" && name != "limit" {
			return bad("querystring must NOT have additional properties: " + name)
		}
	}
	limit = 50
	if values, ok := query["limit"]; ok {
		n, err := strconv.Atoi(values[0])
		if err != nil || n < 1 || n > 100 || len(values) > 1 {
			return bad("querystring/limit must be an integer from 1 to 100")
		}
		limit = n
	}
	if values, ok := query["orderId"]; ok {
		if len(values) > 1 || !uuidPattern.MatchString(values[0]) {
			return bad("querystring/orderId must match format \"uuid\"")
		}
		orderID = values[0]
	}
	return orderID, limit, nil
}
