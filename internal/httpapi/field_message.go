package httpapi

import (
	"errors"
	"strconv"

	"github.com/ogen-go/ogen/validate"
)

// fieldMessage says what is wrong with a parameter or body field that ogen
// refused, without repeating the input: a value a client sent may be
// invalid UTF-8, control characters or a megabyte long, and a message
// echoing it would carry it into logs and screens. The limits it names are
// openapi.yaml's.
func fieldMessage(err error) string {
	var (
		minLen *validate.MinLengthError
		maxLen *validate.MaxLengthError
		regex  *validate.NoRegexMatchError
		num    *strconv.NumError
		dup    *validate.DuplicateItemsError
	)
	switch {
	case errors.As(err, &minLen):
		return "must be at least " + strconv.Itoa(minLen.MinLength) + " long"
	case errors.As(err, &maxLen):
		return "must be at most " + strconv.Itoa(maxLen.MaxLength) + " long"
	case errors.As(err, &regex):
		return "must match " + regex.Pattern.String()
	case errors.As(err, &dup):
		return "must not repeat an item"
	case errors.Is(err, validate.ErrFieldRequired):
		return "is required"
	case errors.As(err, &num):
		return "must be a number in range"
	default:
		return "is not a valid value (see openapi.yaml)"
	}
}
