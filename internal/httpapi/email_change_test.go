package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// wantProblemOf checks that err is the problem status code and returns it.
func wantProblemOf(t *testing.T, err error, status int, code string) oas.Problem {
	t.Helper()
	wantProblem(t, err, status, code)
	return problemOf(t, err)
}

func pointsAt(p oas.Problem, pointer string) bool {
	return slices.ContainsFunc(p.Errors, func(e oas.FieldError) bool { return e.Pointer == pointer })
}

func TestEmailChangeNeedsTheCurrentPassword(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	c, u := s.RegisterAndLogin(t)
	newEmail := oas.NewOptEmail(oas.Email(apitest.NewEmail()))

	_, err := c.UpdateMe(ctx, &oas.UserUpdate{Email: newEmail, DisplayName: oas.NewOptDisplayName("Ada")})
	if p := wantProblemOf(t, err, http.StatusBadRequest, "current_password_required"); !pointsAt(p, "/body/currentPassword") {
		t.Errorf("errors = %+v, want /body/currentPassword", p.Errors)
	}
	_, err = c.UpdateMe(ctx, &oas.UserUpdate{Email: newEmail, CurrentPassword: oas.NewOptString("not the password")})
	if p := wantProblemOf(t, err, http.StatusForbidden, "wrong_password"); !pointsAt(p, "/body/currentPassword") {
		t.Errorf("errors = %+v, want /body/currentPassword", p.Errors)
	}
	if me, err := c.GetMe(ctx); err != nil || me.Email != u.Email || me.DisplayName != u.DisplayName {
		t.Fatalf("after refused changes: %+v, %v; want the account unchanged", me, err)
	}

	me, err := c.UpdateMe(ctx, &oas.UserUpdate{Email: newEmail, CurrentPassword: oas.NewOptString(apitest.Password)})
	if err != nil || me.Email != newEmail.Value {
		t.Fatalf("with the password: %+v, %v", me, err)
	}
	// A display name alone still needs no password.
	if _, err := c.UpdateMe(ctx, &oas.UserUpdate{DisplayName: oas.NewOptDisplayName("Ada L.")}); err != nil {
		t.Errorf("display name alone: %v", err)
	}
}

// TestEmailChangeIsNoEmailOracle: without the caller's password, another
// account's email answers exactly what a free one does, and guesses are
// throttled like password changes: wrong passwords spend the account's
// password-proof bucket, and once it is empty even the right one waits.
func TestEmailChangeIsNoEmailOracle(t *testing.T) {
	t.Parallel()
	const burst = 4
	s := apitest.Start(t, func(c *config.Config) { c.Auth.PasswordPerMinute = 1; c.Auth.PasswordBurst = burst })
	ctx := context.Background()
	taken := apitest.NewEmail()
	s.Register(t, taken)
	c, _ := s.RegisterAndLogin(t)

	guess := func(email string) error {
		_, err := c.UpdateMe(ctx, &oas.UserUpdate{Email: oas.NewOptEmail(oas.Email(email)), CurrentPassword: oas.NewOptString("a guessed password")})
		return err
	}
	takenAnswer := wantProblemOf(t, guess(strings.ToUpper(taken)), http.StatusForbidden, "wrong_password")
	freeAnswer := wantProblemOf(t, guess(apitest.NewEmail()), http.StatusForbidden, "wrong_password")
	if takenAnswer.Detail != freeAnswer.Detail || !slices.Equal(takenAnswer.Errors, freeAnswer.Errors) {
		t.Errorf("a taken email answers %+v, a free one %+v: they must not differ", takenAnswer, freeAnswer)
	}
	wantProblemOf(t, guess(taken), http.StatusForbidden, "wrong_password")
	wantProblemOf(t, guess(taken), http.StatusForbidden, "wrong_password") // the burst's last attempt
	wantProblemOf(t, guess(taken), http.StatusTooManyRequests, "too_many_attempts")
	// The throttle holds even with the right password: it counts attempts.
	_, err := c.UpdateMe(ctx, &oas.UserUpdate{Email: oas.NewOptEmail(oas.Email(taken)), CurrentPassword: oas.NewOptString(apitest.Password)})
	wantProblemOf(t, err, http.StatusTooManyRequests, "too_many_attempts")
}

// TestEmailChangeWithThePasswordMeetsTheTakenEmail: the caller who proves
// the password learns that an email is taken, as registration tells anyone.
func TestEmailChangeWithThePasswordMeetsTheTakenEmail(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	taken := apitest.NewEmail()
	s.Register(t, taken)
	c, _ := s.RegisterAndLogin(t)
	_, err := c.UpdateMe(context.Background(), &oas.UserUpdate{Email: oas.NewOptEmail(oas.Email(taken)), CurrentPassword: oas.NewOptString(apitest.Password)})
	if p := wantProblemOf(t, err, http.StatusConflict, "email_taken"); !pointsAt(p, "/body/email") {
		t.Errorf("errors = %+v, want /body/email", p.Errors)
	}
}
