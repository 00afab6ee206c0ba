package dev.containerd4j.transport;
