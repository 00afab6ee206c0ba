// Pins the upstream Go modules whose .proto files the Java stubs are generated from.
// Nothing here is compiled: scripts/stage-protos asks `go mod download` for these
// modules (verified against go.sum) and copies the .proto files it needs into
// <module>/target/staged-protos. Keep the versions equal to the *_MODULE_VERSION
// lines of ../versions.env (scripts/stage-protos checks this).
module dev.containerd4j/proto

go 1.22

require (
	github.com/containerd/cgroups/v3 v3.0.5
	github.com/containerd/containerd/api v1.10.0
	github.com/moby/buildkit v0.26.2
	github.com/planetscale/vtprotobuf v0.6.1-0.20240319094008-0393e58bdf10
	github.com/tonistiigi/fsutil v0.0.0-20250605211040-586307ad452f
)
