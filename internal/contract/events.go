package contract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"
)

// Frame is one server-sent event as read off the wire.
type Frame struct {
	ID, Event, Data, Retry string
}

// ReadFrame reads the next event of a text/event-stream (comment lines
// skipped), as an EventSource would.
func ReadFrame(r *bufio.Reader) (Frame, error) {
	var f Frame
	var data []string
	seen := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return f, fmt.Errorf("read event after %+v: %w", f, err)
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		if line == "" {
			if !seen {
				continue
			}
			f.Data = strings.Join(data, "\n")
			return f, nil
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		seen = true
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "id":
			f.ID = value
		case "event":
			f.Event = value
		case "data":
			data = append(data, value)
		case "retry":
			f.Retry = value
		}
	}
}

// CheckEvent validates f against the StreamEvent schema of the
// text/event-stream response of GET path (a path template of the spec).
func (v *Validator) CheckEvent(path string, f Frame) error {
	item := v.doc.Paths.Find(path)
	if item == nil || item.Get == nil {
		return fmt.Errorf("no GET %s in openapi.yaml", path)
	}
	resp := item.Get.Responses.Status(200)
	if resp == nil || resp.Value.Content["text/event-stream"] == nil {
		return fmt.Errorf("GET %s declares no text/event-stream 200 response", path)
	}
	var data any
	if err := json.Unmarshal([]byte(f.Data), &data); err != nil {
		return fmt.Errorf("event %q: data is not JSON: %w: %s", f.Event, err, clip([]byte(f.Data)))
	}
	ev := map[string]any{"event": f.Event, "data": data}
	if f.ID != "" {
		ev["id"] = f.ID
	}
	if err := resp.Value.Content["text/event-stream"].Schema.Value.VisitJSON(ev); err != nil {
		return fmt.Errorf("GET %s: event %q does not match StreamEvent: %w; data: %s", path, f.Event, err, clip([]byte(f.Data)))
	}
	return nil
}
