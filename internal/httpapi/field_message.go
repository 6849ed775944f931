package httpapi

import (
	"errors"
	"regexp"
	"strconv"

	"github.com/ogen-go/ogen/validate"
)

// fieldMessage says what is wrong with a parameter or body field that ogen
// refused, without repeating the input: a value a client sent may be
// invalid UTF-8, control characters or a megabyte long, and a message
// echoing it would carry it into logs and screens. The limits it names are
// openapi.yaml's. A range error, which shows the parsed number (digits
// only) against the bound, is passed on as it is.
func fieldMessage(err error) string {
	if msg := err.Error(); outOfRange.MatchString(msg) {
		return msg
	}
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

// outOfRange matches ogen's messages of a number outside its bounds, e.g.
// "int: value 0 less than 1".
var outOfRange = regexp.MustCompile(`^(?:[a-z]+: )?value -?[0-9.e+]+ (?:less|greater) than -?[0-9.e+]+$`)
