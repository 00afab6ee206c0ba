package dev.containerd4j.testing.internal;

/** Stands for a type of an internal package. */
public final class Hidden {}
