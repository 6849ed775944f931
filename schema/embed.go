// Package schema embeds the desired-state DDL and the versioned migrations
// planned from it, so the binary can migrate a database without the sources.
package schema

import "embed"

// Migrations holds migrations/*.sql and migrations/atlas.sum.
//
//go:embed migrations
var Migrations embed.FS

// Desired holds the hand-written desired-state DDL (*.sql) that sqlc reads
// and `migrate diff` plans new migrations from.
//
//go:embed *.sql
var Desired embed.FS
