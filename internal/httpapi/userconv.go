package httpapi

import (
	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
)

// Roles of users.users.role.
const (
	roleUser  = "user"
	roleAdmin = "admin"
)

func toUser(u db.User) oas.User {
	return oas.User{
		ID:          oas.ID(u.ID),
		Email:       oas.Email(u.Email),
		DisplayName: oas.DisplayName(u.DisplayName),
		Role:        oas.Role(u.Role),
		Active:      u.Active != 0,
		CreatedAt:   u.CreatedAt.UTC(),
		UpdatedAt:   u.UpdatedAt.UTC(),
	}
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
