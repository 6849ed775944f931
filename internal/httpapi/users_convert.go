package httpapi

import (
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
)

func toUser(u account.User) oas.User {
	return oas.User{
		ID:          oas.ID(u.ID),
		Email:       oas.Email(u.Email),
		DisplayName: oas.DisplayName(u.DisplayName),
		Role:        oas.Role(u.Role),
		Active:      u.Active,
		CreatedAt:   u.CreatedAt,
		UpdatedAt:   u.UpdatedAt,
	}
}
