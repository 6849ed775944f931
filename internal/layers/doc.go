// Package layers holds no code: its test states which package may import
// which (docs/architecture.md) and fails when an import breaks the rule.
package layers
