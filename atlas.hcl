// For people who have the atlas CLI. The service itself does the same work
// with the atlas library: `marketpulse migrate status|up|diff`.
env "local" {
  src = "file://schema"
  url = "sqlite://data/marketpulse.db"
  dev = "sqlite://file?mode=memory"
  migration {
    dir     = "file://schema/migrations"
    exclude = ["atlas_schema_revisions"]
  }
}

env "test" {
  src = "file://schema"
  url = "sqlite://file?mode=memory"
  dev = "sqlite://file?mode=memory"
  migration {
    dir = "file://schema/migrations"
  }
}
