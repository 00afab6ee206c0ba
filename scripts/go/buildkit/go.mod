// Wrapper module: scripts/test-env builds buildkit's commands as dependencies of this module, so
// that the upstream go.mod's replace/exclude lines (which make 'go install pkg@version' refuse)
// do not apply. The require line is added at build time from versions.env.
module containerd4j.dev/test-env/buildkit

go 1.24.3
