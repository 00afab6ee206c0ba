/*
 * c4j-logger: the log driver containerd4j hands to containerd's shim as
 *   binary:///path/to/c4j-logger?path=<json log file>
 *
 * The shim starts it at every task start (also restarts by the restart monitor) with the container's
 * stdout on fd 3, stderr on fd 4, and a "ready" pipe on fd 5, plus CONTAINER_ID / CONTAINER_NAMESPACE in the
 * environment; query parameters arrive as argument pairs in no particular order. It appends one JSON
 * object per line in the json-file layout nerdctl and Docker use:
 *   {"log":"text\n","stream":"stdout","time":"2006-01-02T15:04:05.999999999Z"}
 * and exits when both streams reach end of file. On SIGTERM (the shim's way to stop it) it drains what is
 * already buffered in the pipes and exits, so a daemon in the container that keeps the pipes open cannot
 * keep it alive.
 *
 * Small and dependency-free on purpose: one runs per running container.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 16384 /* longer lines are split into partial entries, as Docker does */

struct stream {
    int fd;
    const char *name;
    char buf[LINE_MAX_BYTES];
    size_t len;
    int open;
};

static volatile sig_atomic_t terminating;
static int out_fd = -1;

static void on_term(int sig) {
    (void) sig;
    terminating = 1;
}

static void die(const char *what, const char *detail) {
    fprintf(stderr, "c4j-logger: %s %s: %s\n", what, detail ? detail : "", strerror(errno));
    exit(1);
}

static int mkdirs(const char *path) {
    char tmp[PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(tmp, path, n + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            if (mkdir(tmp, 0700) != 0 && errno != EEXIST) {
                return -1;
            }
            *p = '/';
        }
    }
    return 0;
}

/* Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros. */
static size_t format_time(char *dst, size_t cap) {
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(dst, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    if (ts.tv_nsec != 0) {
        char frac[16];
        snprintf(frac, sizeof frac, ".%09ld", ts.tv_nsec);
        size_t f = strlen(frac);
        while (frac[f - 1] == '0') {
            frac[--f] = 0;
        }
        memcpy(dst + n, frac, f);
        n += f;
    }
    dst[n++] = 'Z';
    dst[n] = 0;
    return n;
}

/* Length of a valid UTF-8 sequence at s (max n bytes), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    size_t len;
    unsigned int cp;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))
        || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return len;
}

static void write_all(const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(out_fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "c4j-logger: write: %s\n", strerror(errno));
            return; /* keep draining the pipes: a blocked container is worse than a lost line */
        }
        p += w;
        n -= (size_t) w;
    }
}

/* One entry = one write(2) on an O_APPEND descriptor, so readers never see half an entry. */
static void emit(const char *stream, const char *data, size_t len) {
    /* worst case: every byte becomes \u00XX (6 bytes) or U+FFFD escape (6 bytes) */
    static char entry[LINE_MAX_BYTES * 6 + 128];
    size_t o = 0;
    const char *head = "{\"log\":\"";
    memcpy(entry + o, head, strlen(head));
    o += strlen(head);
    const unsigned char *s = (const unsigned char *) data;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            entry[o++] = '\\';
            entry[o++] = (char) c;
            i++;
        } else if (c == '\n') {
            entry[o++] = '\\'; entry[o++] = 'n'; i++;
        } else if (c == '\r') {
            entry[o++] = '\\'; entry[o++] = 'r'; i++;
        } else if (c == '\t') {
            entry[o++] = '\\'; entry[o++] = 't'; i++;
        } else if (c < 0x20 || c == 0x7F) {
            o += (size_t) sprintf(entry + o, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            entry[o++] = (char) c;
            i++;
        } else {
            size_t l = utf8_len(s + i, len - i);
            if (l == 0) {
                memcpy(entry + o, "\\ufffd", 6);
                o += 6;
                i++;
            } else {
                memcpy(entry + o, s + i, l);
                o += l;
                i += l;
            }
        }
    }
    o += (size_t) sprintf(entry + o, "\",\"stream\":\"%s\",\"time\":\"", stream);
    o += format_time(entry + o, 64);
    entry[o++] = '"';
    entry[o++] = '}';
    entry[o++] = '\n';
    write_all(entry, o);
}

/* Emits every complete line in the buffer; a full buffer without newline goes out as a partial entry. */
static void flush_lines(struct stream *st, int final) {
    size_t start = 0;
    for (size_t i = 0; i < st->len; i++) {
        if (st->buf[i] == '\n') {
            emit(st->name, st->buf + start, i + 1 - start);
            start = i + 1;
        }
    }
    if (start < st->len && (final || (start == 0 && st->len == sizeof st->buf))) {
        emit(st->name, st->buf + start, st->len - start);
        start = st->len;
    }
    memmove(st->buf, st->buf + start, st->len - start);
    st->len -= start;
}

/* Reads what is available; returns 0 at end of file (or a closed/invalid fd), 1 otherwise. */
static int pump(struct stream *st) {
    ssize_t r = read(st->fd, st->buf + st->len, sizeof st->buf - st->len);
    if (r < 0) {
        if (errno == EINTR || errno == EAGAIN) return 1;
        return 0;
    }
    if (r == 0) return 0;
    st->len += (size_t) r;
    flush_lines(st, 0);
    return 1;
}

int main(int argc, char **argv) {
    const char *path = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "path") == 0) path = argv[i + 1];
    }
    if (path == NULL || path[0] != '/') {
        fprintf(stderr, "c4j-logger: usage: c4j-logger path /abs/file-json.log (got %d args); "
                        "started by containerd's shim via binary:///...?path=...\n", argc - 1);
        return 2;
    }
    if (mkdirs(path) != 0) die("cannot create the directory of", path);
    out_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (out_fd < 0) die("cannot open", path);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* ready: a byte (binary-v2 wants one), then close (binary:// waits for EOF) */
    if (fcntl(5, F_GETFD) != -1) {
        ssize_t ignored = write(5, "r", 1);
        (void) ignored;
        close(5);
    }

    struct stream streams[2] = {{3, "stdout", {0}, 0, 1}, {4, "stderr", {0}, 0, 1}};
    for (int i = 0; i < 2; i++) {
        if (fcntl(streams[i].fd, F_GETFD) == -1) streams[i].open = 0;
    }
    while ((streams[0].open || streams[1].open) && !terminating) {
        struct pollfd p[2];
        int n = 0;
        int map[2];
        for (int i = 0; i < 2; i++) {
            if (streams[i].open) {
                p[n].fd = streams[i].fd;
                p[n].events = POLLIN;
                p[n].revents = 0;
                map[n++] = i;
            }
        }
        int r = poll(p, (nfds_t) n, -1);
        if (r < 0) {
            if (errno == EINTR) continue;
            die("poll", NULL);
        }
        for (int k = 0; k < n; k++) {
            if (p[k].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
                struct stream *st = &streams[map[k]];
                if ((p[k].revents & POLLNVAL) || !pump(st)) {
                    flush_lines(st, 1);
                    close(st->fd);
                    st->open = 0;
                }
            }
        }
    }
    /* asked to stop: take what the pipes already hold, without waiting for writers that may never close */
    for (int i = 0; i < 2; i++) {
        struct stream *st = &streams[i];
        if (!st->open) continue;
        fcntl(st->fd, F_SETFL, fcntl(st->fd, F_GETFL) | O_NONBLOCK);
        for (;;) {
            ssize_t r = read(st->fd, st->buf + st->len, sizeof st->buf - st->len);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) break;
            st->len += (size_t) r;
            flush_lines(st, 0);
        }
        flush_lines(st, 1);
        close(st->fd);
    }
    close(out_fd);
    return 0;
}
