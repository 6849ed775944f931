package account

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/display"
)

// User is an account.
type User struct {
	ID          int64
	Email       string // as registered; unique whatever its case
	DisplayName string
	Role        Role
	Active      bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Registration is the input of Register. ClientIP is the address the
// registration is throttled by.
type Registration struct {
	Email, Password, DisplayName string
	ClientIP                     netip.Addr
}

// Register creates an account of role user. Registrations are throttled per
// client address (429 too_many_attempts); an email registered already,
// whatever its case, is 409 email_taken at "email".
func (s *Service) Register(ctx context.Context, in Registration) (User, error) {
	var text display.Fields
	if text.Check("displayName", in.DisplayName); text.Err() != nil {
		return User{}, text.Err()
	}
	if err := throttle(s.throttles.registerPerIP, in.ClientIP); err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return User{}, fmt.Errorf("register: %w", hashFailure(err))
	}
	u, err := s.st.CreateUser(ctx, NewUser{
		Email: in.Email, PasswordHash: hash, DisplayName: in.DisplayName, Role: RoleUser,
	})
	if err != nil {
		return User{}, accountWriteError(err, "register")
	}
	s.notify(UserCreated, u.ID)
	return u, nil
}

// Me returns the account of userID.
func (s *Service) Me(ctx context.Context, userID int64) (User, error) {
	u, err := s.st.GetUser(ctx, userID)
	if err != nil {
		return User{}, err
	}
	return u.User, nil
}

// ProfilePatch changes what is set of an account's profile. An email
// change needs CurrentPassword, the account's password.
type ProfilePatch struct {
	Email           *string
	DisplayName     *string
	CurrentPassword string
}

// UpdateProfile changes the email and/or display name of userID. Changing
// the email needs the current password: without it the change is 400
// current_password_required; with it the attempt counts against the
// account's login throttle (429 too_many_attempts), and a wrong one is 403
// wrong_password. Only then is another account's email, whatever its case,
// 409 email_taken at "email", so the answer tells nothing of other accounts
// to a caller who lacks the password, and a caller who has it gets as many
// guesses as logins.
func (s *Service) UpdateProfile(ctx context.Context, userID int64, patch ProfilePatch) (User, error) {
	var text display.Fields
	if text.CheckOpt("displayName", patch.DisplayName); text.Err() != nil {
		return User{}, text.Err()
	}
	var proven string // the password hash CurrentPassword was checked against
	if patch.Email != nil {
		var err error
		if proven, err = s.proveEmailChange(ctx, userID, patch.CurrentPassword); err != nil {
			return User{}, err
		}
	}
	var out User
	err := s.st.InTx(ctx, func(tx Tx) error {
		u, err := tx.GetUser(ctx, userID)
		if err != nil {
			return err
		}
		if patch.Email != nil && u.PasswordHash != proven {
			return wrongPassword() // the password changed since it was checked
		}
		out, err = tx.UpdateUserProfile(ctx, u.ID, or(patch.Email, u.Email), or(patch.DisplayName, u.DisplayName))
		if err != nil {
			return accountWriteError(err, "update account")
		}
		return nil
	})
	if err != nil {
		return User{}, err
	}
	s.notify(ProfileChanged, out.ID)
	return out, nil
}

// proveEmailChange checks the current password of userID before an email
// change, outside the write transaction (argon2id is slow), and returns the
// hash it was checked against.
func (s *Service) proveEmailChange(ctx context.Context, userID int64, password string) (string, error) {
	if password == "" {
		return "", apperr.NewField(apperr.Invalid, "current_password_required", "currentPassword",
			"the current password is required to change the email")
	}
	u, err := s.st.GetUser(ctx, userID)
	if err != nil {
		return "", err
	}
	if err := s.checkCurrentPassword(ctx, u, password); err != nil {
		return "", fmt.Errorf("change email: %w", err)
	}
	return u.PasswordHash, nil
}

// accountWriteError names the conflict of an account write: its email.
func accountWriteError(err error, op string) error {
	if apperr.KindOf(err) == apperr.Conflict {
		return &apperr.Error{Kind: apperr.Conflict, Code: "email_taken",
			Message: "an account with this email already exists", Err: err,
			Fields: []apperr.FieldError{{Path: "email", Message: "already registered"}}}
	}
	return fmt.Errorf("%s: %w", op, err)
}

func or[T any](p *T, def T) T {
	if p != nil {
		return *p
	}
	return def
}
