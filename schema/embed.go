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

// PostgresMigrations holds postgres/migrations/*.sql and
// postgres/migrations/atlas.sum: the PostgreSQL engine's migrations.
//
//go:embed postgres/migrations
var PostgresMigrations embed.FS

// PostgresDesired holds the PostgreSQL desired-state DDL (postgres/*.sql),
// which applies in name order.
//
//go:embed postgres/*.sql
var PostgresDesired embed.FS
