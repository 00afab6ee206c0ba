// Empty stand-in for github.com/containerd/nerdctl/mod/tigron (used only by nerdctl's tests).
module github.com/containerd/nerdctl/mod/tigron

go 1.24.3
