/* civetweb.c - a minimal implementation of the CivetWeb API subset in civetweb.h: one listener thread,
 * one request per connection (Connection: close), handlers and authorization handlers matched by URI
 * prefix. Enough for a device's admin interface on a trusted address; not a general web server. */
#define _GNU_SOURCE
#include "civetweb.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MG_MAX_ROUTES 32
#define MG_HEAD_MAX 8192

struct mg_route {
	char *uri;
	size_t len;
	mg_request_handler handler;
	mg_authorization_handler auth;
	void *cbdata;
	void *auth_cbdata;
};

struct mg_context {
	int listen_fd;
	int stop_pipe[2];
	int timeout_ms;
	pthread_t thread;
	pthread_mutex_t lock;
	struct mg_callbacks callbacks;
	void *user_data;
	struct mg_route routes[MG_MAX_ROUTES];
	int nroutes;
};

struct mg_connection {
	struct mg_context *ctx;
	int fd;
	struct mg_request_info info;
	char head[MG_HEAD_MAX + 1];
	size_t head_len;  /* bytes of head[] holding the request head */
	size_t buffered;  /* body bytes already read into head[] after the head */
	size_t body_off;  /* where they start */
	long long body_read;
	int status_sent;
};

static void mg_log(const struct mg_connection *c, struct mg_context *ctx, const char *msg)
{
	if (ctx->callbacks.log_message && ctx->callbacks.log_message(c, msg))
		return;
	fprintf(stderr, "civetweb: %s\n", msg);
}

/* Parses "ADDR:PORT" (IPv4 or [IPv6]) into a bound, listening socket; -1 on error. */
static int mg_listen_on(const char *spec)
{
	char host[64];
	const char *colon = strrchr(spec, ':');
	if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof host)
		return -1;
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	char *end = NULL;
	long port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port <= 0 || port > 65535)
		return -1;

	struct sockaddr_storage ss;
	socklen_t sl;
	memset(&ss, 0, sizeof ss);
	size_t hl = strlen(host);
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -1;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		sl = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return -1;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		sl = sizeof *s4;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, 16) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Splits the head in c->head into request line and headers; 0 on success, -1 on a malformed request. */
static int mg_parse_head(struct mg_connection *c)
{
	char *save = NULL;
	char *line = strtok_r(c->head, "\r\n", &save);
	if (!line)
		return -1;
	char *sp1 = strchr(line, ' ');
	char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || strncmp(sp2 + 1, "HTTP/", 5) != 0)
		return -1;
	*sp1 = '\0';
	*sp2 = '\0';
	c->info.request_method = line;
	c->info.request_uri = sp1 + 1;
	c->info.http_version = sp2 + 6;
	c->info.content_length = -1;
	char *q = strchr(sp1 + 1, '?');
	if (q) {
		*q = '\0';
		c->info.query_string = q + 1;
	}
	c->info.local_uri = sp1 + 1;
	if (c->info.local_uri[0] != '/' || strstr(c->info.local_uri, ".."))
		return -1;
	while ((line = strtok_r(NULL, "\r\n", &save)) != NULL) {
		char *colon = strchr(line, ':');
		if (!colon || c->info.num_headers >= MG_MAX_HEADERS)
			return -1;
		*colon = '\0';
		char *v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		c->info.http_headers[c->info.num_headers].name = line;
		c->info.http_headers[c->info.num_headers].value = v;
		c->info.num_headers++;
		if (strcasecmp(line, "Content-Length") == 0) {
			char *end = NULL;
			long long n = strtoll(v, &end, 10);
			if (*end != '\0' || n < 0)
				return -1;
			c->info.content_length = n;
		}
	}
	return 0;
}

/* Reads until the blank line that ends the head; 0 on success, -1 on error, timeout or oversize. */
static int mg_read_head(struct mg_connection *c)
{
	size_t have = 0;
	for (;;) {
		if (have >= MG_HEAD_MAX)
			return -1;
		ssize_t n = recv(c->fd, c->head + have, MG_HEAD_MAX - have, 0);
		if (n <= 0)
			return -1;
		have += (size_t)n;
		c->head[have] = '\0';
		char *end = strstr(c->head, "\r\n\r\n");
		if (end) {
			c->head_len = (size_t)(end - c->head) + 4;
			c->body_off = c->head_len;
			c->buffered = have - c->head_len;
			end[2] = '\0';
			return 0;
		}
	}
}

static const struct mg_route *mg_match(struct mg_context *ctx, const char *uri, int want_auth)
{
	const struct mg_route *best = NULL;
	for (int i = 0; i < ctx->nroutes; i++) {
		const struct mg_route *r = &ctx->routes[i];
		if (want_auth ? !r->auth : !r->handler)
			continue;
		if (strncmp(uri, r->uri, r->len) != 0)
			continue;
		if (uri[r->len] != '\0' && uri[r->len] != '/' && !(r->len > 0 && r->uri[r->len - 1] == '/'))
			continue;
		if (!best || r->len > best->len)
			best = r;
	}
	return best;
}

static void mg_serve(struct mg_context *ctx, int fd, const struct sockaddr_storage *peer)
{
	struct mg_connection *c = calloc(1, sizeof *c);
	if (!c) {
		close(fd);
		return;
	}
	c->ctx = ctx;
	c->fd = fd;
	struct timeval tv = { .tv_sec = ctx->timeout_ms / 1000, .tv_usec = (ctx->timeout_ms % 1000) * 1000 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (peer->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)peer;
		inet_ntop(AF_INET, &s4->sin_addr, c->info.remote_addr, sizeof c->info.remote_addr);
		c->info.remote_port = ntohs(s4->sin_port);
	} else if (peer->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)peer;
		inet_ntop(AF_INET6, &s6->sin6_addr, c->info.remote_addr, sizeof c->info.remote_addr);
		c->info.remote_port = ntohs(s6->sin6_port);
	}
	if (mg_read_head(c) != 0 || mg_parse_head(c) != 0) {
		mg_send_http_error(c, 400, "%s", "Bad request");
		goto done;
	}
	pthread_mutex_lock(&ctx->lock);
	const struct mg_route *auth = mg_match(ctx, c->info.local_uri, 1);
	const struct mg_route *route = mg_match(ctx, c->info.local_uri, 0);
	mg_authorization_handler ah = auth ? auth->auth : NULL;
	void *ad = auth ? auth->auth_cbdata : NULL;
	mg_request_handler rh = route ? route->handler : NULL;
	void *rd = route ? route->cbdata : NULL;
	pthread_mutex_unlock(&ctx->lock);
	if (ah && !ah(c, ad)) {
		if (!c->status_sent)
			mg_send_http_error(c, 401, "%s", "Unauthorized");
		goto done;
	}
	if (!rh || rh(c, rd) == 0) {
		if (!c->status_sent)
			mg_send_http_error(c, 404, "%s", "Not found");
	}
done:
	close(fd);
	free(c);
}

static void *mg_master(void *arg)
{
	struct mg_context *ctx = arg;
	for (;;) {
		struct pollfd p[2] = { { .fd = ctx->listen_fd, .events = POLLIN }, { .fd = ctx->stop_pipe[0], .events = POLLIN } };
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			mg_log(NULL, ctx, "poll failed");
			break;
		}
		if (p[1].revents)
			break;
		struct sockaddr_storage peer;
		socklen_t pl = sizeof peer;
		int fd = accept4(ctx->listen_fd, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		mg_serve(ctx, fd, &peer);
	}
	return NULL;
}

struct mg_context *mg_start(const struct mg_callbacks *callbacks, void *user_data, const char **options)
{
	struct mg_context *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return NULL;
	ctx->listen_fd = -1;
	ctx->timeout_ms = 10000;
	ctx->user_data = user_data;
	if (callbacks)
		ctx->callbacks = *callbacks;
	const char *ports = NULL;
	for (size_t i = 0; options && options[i] && options[i + 1]; i += 2) {
		if (strcmp(options[i], "listening_ports") == 0)
			ports = options[i + 1];
		else if (strcmp(options[i], "request_timeout_ms") == 0)
			ctx->timeout_ms = atoi(options[i + 1]) > 0 ? atoi(options[i + 1]) : ctx->timeout_ms;
	}
	if (!ports || (ctx->listen_fd = mg_listen_on(ports)) < 0) {
		mg_log(NULL, ctx, "cannot listen: need listening_ports as ADDR:PORT");
		free(ctx);
		return NULL;
	}
	if (pipe2(ctx->stop_pipe, O_CLOEXEC) != 0) {
		close(ctx->listen_fd);
		free(ctx);
		return NULL;
	}
	pthread_mutex_init(&ctx->lock, NULL);
	if (pthread_create(&ctx->thread, NULL, mg_master, ctx) != 0) {
		close(ctx->listen_fd);
		close(ctx->stop_pipe[0]);
		close(ctx->stop_pipe[1]);
		free(ctx);
		return NULL;
	}
	return ctx;
}

void mg_stop(struct mg_context *ctx)
{
	if (!ctx)
		return;
	char b = 1;
	if (write(ctx->stop_pipe[1], &b, 1) != 1)
		mg_log(NULL, ctx, "cannot signal the listener thread");
	pthread_join(ctx->thread, NULL);
	close(ctx->listen_fd);
	close(ctx->stop_pipe[0]);
	close(ctx->stop_pipe[1]);
	for (int i = 0; i < ctx->nroutes; i++)
		free(ctx->routes[i].uri);
	pthread_mutex_destroy(&ctx->lock);
	free(ctx);
}

static void mg_set_route(struct mg_context *ctx, const char *uri, mg_request_handler h,
                         mg_authorization_handler a, void *cbdata)
{
	pthread_mutex_lock(&ctx->lock);
	struct mg_route *r = NULL;
	for (int i = 0; i < ctx->nroutes; i++)
		if (strcmp(ctx->routes[i].uri, uri) == 0)
			r = &ctx->routes[i];
	if (!r && ctx->nroutes < MG_MAX_ROUTES) {
		r = &ctx->routes[ctx->nroutes];
		r->uri = strdup(uri);
		if (r->uri) {
			r->len = strlen(uri);
			ctx->nroutes++;
		} else {
			r = NULL;
		}
	}
	if (r) {
		if (a) {
			r->auth = a;
			r->auth_cbdata = cbdata;
		} else {
			r->handler = h;
			r->cbdata = cbdata;
		}
	} else {
		mg_log(NULL, ctx, "handler table full");
	}
	pthread_mutex_unlock(&ctx->lock);
}

void mg_set_request_handler(struct mg_context *ctx, const char *uri, mg_request_handler handler, void *cbdata)
{
	mg_set_route(ctx, uri, handler, NULL, cbdata);
}

void mg_set_auth_handler(struct mg_context *ctx, const char *uri, mg_authorization_handler handler, void *cbdata)
{
	mg_set_route(ctx, uri, NULL, handler, cbdata);
}

const struct mg_request_info *mg_get_request_info(const struct mg_connection *conn)
{
	return conn ? &conn->info : NULL;
}

const char *mg_get_header(const struct mg_connection *conn, const char *name)
{
	for (int i = 0; i < conn->info.num_headers; i++)
		if (strcasecmp(conn->info.http_headers[i].name, name) == 0)
			return conn->info.http_headers[i].value;
	return NULL;
}

void *mg_get_user_data(const struct mg_context *ctx)
{
	return ctx ? ctx->user_data : NULL;
}

struct mg_context *mg_get_context(const struct mg_connection *conn)
{
	return conn ? conn->ctx : NULL;
}

int mg_read(struct mg_connection *conn, void *buf, size_t len)
{
	long long left = conn->info.content_length < 0 ? 0 : conn->info.content_length - conn->body_read;
	if (left <= 0 || len == 0)
		return 0;
	if ((long long)len > left)
		len = (size_t)left;
	if (conn->buffered > 0) {
		size_t n = len < conn->buffered ? len : conn->buffered;
		memcpy(buf, conn->head + conn->body_off, n);
		conn->body_off += n;
		conn->buffered -= n;
		conn->body_read += (long long)n;
		return (int)n;
	}
	ssize_t n = recv(conn->fd, buf, len, 0);
	if (n <= 0)
		return n == 0 ? 0 : -1;
	conn->body_read += n;
	return (int)n;
}

int mg_write(struct mg_connection *conn, const void *buf, size_t len)
{
	const char *p = buf;
	size_t left = len;
	conn->status_sent = 1;
	while (left > 0) {
		ssize_t n = send(conn->fd, p, left, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		left -= (size_t)n;
	}
	return (int)len;
}

static int mg_vprintf(struct mg_connection *conn, const char *fmt, va_list ap)
{
	char small[1024];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return -1;
	}
	if ((size_t)n < sizeof small) {
		va_end(ap2);
		return mg_write(conn, small, (size_t)n);
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		va_end(ap2);
		return -1;
	}
	vsnprintf(big, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	int r = mg_write(conn, big, (size_t)n);
	free(big);
	return r;
}

int mg_printf(struct mg_connection *conn, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = mg_vprintf(conn, fmt, ap);
	va_end(ap);
	return r;
}

int mg_send_http_error(struct mg_connection *conn, int status_code, const char *fmt, ...)
{
	char body[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof body)
		n = (int)sizeof body - 1;
	mg_printf(conn,
	          "HTTP/1.1 %d Error\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
	          "Connection: close\r\n\r\n%s",
	          status_code, n, body);
	return status_code;
}
