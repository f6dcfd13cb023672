/* http_admin.c - the gateway's admin interface on the CivetWeb API.
 *
 * Everything under /api needs a session cookie from POST /login (PBKDF2-checked password, lockout after
 * repeated failures). The server listens only on the configured admin address (loopback by default). */
#include "http_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "civetweb.h"

#define MAX_SESSIONS 8
#define MAX_FAILURES 5
#define LOCKOUT_SECONDS 60

struct session {
	unsigned id;
	time_t expires;
	int in_use;
};

static struct session g_sessions[MAX_SESSIONS];
static unsigned g_failures;
static time_t g_locked_until;

static void session_new(struct session *s, unsigned ttl)
{
	s->id = (unsigned)rand();                       /* PLANTED P5: predictable session id */
	s->expires = time(NULL) + (time_t)ttl;
	s->in_use = 1;
}

static struct session *session_slot(void)
{
	time_t now = time(NULL);
	struct session *oldest = &g_sessions[0];
	for (size_t i = 0; i < MAX_SESSIONS; i++) {
		if (!g_sessions[i].in_use || g_sessions[i].expires <= now)
			return &g_sessions[i];
		if (g_sessions[i].expires < oldest->expires)
			oldest = &g_sessions[i];
	}
	return oldest;
}

static int is_method(const struct mg_connection *c, const char *method)
{
	return strcmp(mg_get_request_info(c)->request_method, method) == 0;
}

/* Copies the value of cookie `name` from a Cookie header into out; 0 when found. */
static int cookie_value(const char *header, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			size_t vlen = len - nlen - 1;
			if (vlen >= outlen)
				return -1;
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = '\0';
			return 0;
		}
		p = end;
	}
	return -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Extracts and URL-decodes form field `name` from an application/x-www-form-urlencoded body. */
static int form_value(const char *body, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	for (const char *p = body; p && *p; p = strchr(p, '&'), p = p ? p + 1 : NULL) {
		if (strncmp(p, name, nlen) != 0 || p[nlen] != '=')
			continue;
		size_t o = 0;
		for (const char *s = p + nlen + 1; *s && *s != '&'; s++) {
			int ch = *s == '+' ? ' ' : *s;
			if (*s == '%') {
				int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);
				if (hi < 0 || lo < 0)
					return -1;
				ch = hi * 16 + lo;
				s += 2;
			}
			if (o + 1 >= outlen)
				return -1;
			out[o++] = (char)ch;
		}
		out[o] = '\0';
		return 0;
	}
	return -1;
}

static int require_session(struct mg_connection *c, void *cbdata)
{
	(void)cbdata;
	char sid[16];
	const char *cookie = mg_get_header(c, "Cookie");
	if (!cookie || cookie_value(cookie, "gwsid", sid, sizeof sid) != 0)
		return 0;
	char *end = NULL;
	unsigned long id = strtoul(sid, &end, 16);
	if (end == sid || *end != '\0')
		return 0;
	time_t now = time(NULL);
	for (size_t i = 0; i < MAX_SESSIONS; i++)
		if (g_sessions[i].in_use && g_sessions[i].expires > now && g_sessions[i].id == id)
			return 1;
	return 0;
}

static int login_handler(struct mg_connection *c, void *cbdata)
{
	struct gw_state *st = cbdata;
	if (!is_method(c, "POST"))
		return mg_send_http_error(c, 405, "%s", "use POST");
	time_t now = time(NULL);
	if (now < g_locked_until)
		return mg_send_http_error(c, 429, "%s", "too many failed logins; try again later");

	char body[512];
	int n = 0, r;
	while ((size_t)n < sizeof body - 1 && (r = mg_read(c, body + n, sizeof body - 1 - (size_t)n)) > 0)
		n += r;
	body[n] = '\0';

	char user[64], password[128];
	int ok = form_value(body, "user", user, sizeof user) == 0 &&
	         form_value(body, "password", password, sizeof password) == 0 &&
	         strcmp(user, st->cfg.admin_user) == 0 &&
	         gw_verify_password(password, st->cfg.admin_password_hash) == 1;
	memset(password, 0, sizeof password);
	memset(body, 0, sizeof body);
	if (!ok) {
		if (++g_failures >= MAX_FAILURES) {
			g_locked_until = now + LOCKOUT_SECONDS;
			g_failures = 0;
		}
		return mg_send_http_error(c, 403, "%s", "wrong user name or password");
	}
	g_failures = 0;
	struct session *s = session_slot();
	session_new(s, st->cfg.session_ttl);
	mg_printf(c,
	          "HTTP/1.1 204 No Content\r\nSet-Cookie: gwsid=%08x; Path=/; HttpOnly; SameSite=Strict; Max-Age=%u\r\n"
	          "Connection: close\r\n\r\n",
	          s->id, st->cfg.session_ttl);
	return 204;
}

static int status_handler(struct mg_connection *c, void *cbdata)
{
	struct gw_state *st = cbdata;
	char last[sizeof st->last_update];
	pthread_mutex_lock(&st->status_lock);
	memcpy(last, st->last_update, sizeof last);
	pthread_mutex_unlock(&st->status_lock);
	char body[512];
	int n = snprintf(body, sizeof body,
	                 "firmware_version=%s\nuptime=%ld\nmqtt_connected=%d\nlast_update=%s\n",
	                 st->cfg.firmware_version, (long)(time(NULL) - st->started),
	                 atomic_load(&st->mqtt_connected), last);
	if (n < 0 || (size_t)n >= sizeof body)
		return mg_send_http_error(c, 500, "%s", "status too long");
	mg_printf(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
	          n, body);
	return 200;
}

static int write_line(void *conn, const char *line)
{
	return mg_write(conn, line, strlen(line));
}

static int config_handler(struct mg_connection *c, void *cbdata)
{
	struct gw_state *st = cbdata;
	mg_printf(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
	gw_config_print_redacted(&st->cfg, write_line, c);
	return 200;
}

static int update_handler(struct mg_connection *c, void *cbdata)
{
	struct gw_state *st = cbdata;
	if (!is_method(c, "POST"))
		return mg_send_http_error(c, 405, "%s", "use POST");
	atomic_store(&st->update_requested, 1);
	mg_printf(c, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
	return 202;
}

/* Factory diagnostics: the whole configuration, unredacted, and the session table. Used on the
 * production line before the units get their final configuration. */
static int debug_state_handler(struct mg_connection *c, void *cbdata)
{
	struct gw_state *st = cbdata;
	const struct gw_config *k = &st->cfg;
	mg_printf(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
	mg_printf(c, "admin_user=%s\nadmin_password_hash=%s\nmqtt=%s:%d user=%s pass=%s\nota=%s\n", k->admin_user,
	          k->admin_password_hash, k->mqtt_host, k->mqtt_port, k->mqtt_username, k->mqtt_password,
	          k->ota_manifest_url);
	for (size_t i = 0; i < MAX_SESSIONS; i++)
		if (g_sessions[i].in_use)
			mg_printf(c, "session[%zu]=%08x expires=%ld\n", i, g_sessions[i].id, (long)g_sessions[i].expires);
	return 200;
}

static int log_message(const struct mg_connection *conn, const char *message)
{
	(void)conn;
	fprintf(stderr, "gatewayd: admin: %s\n", message);
	return 1;
}

struct mg_context *admin_start(struct gw_state *st)
{
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	static const struct mg_callbacks callbacks = { .log_message = log_message };
	const char *options[] = { "listening_ports", st->cfg.admin_listen, "request_timeout_ms", "10000", NULL };
	struct mg_context *ctx = mg_start(&callbacks, st, options);
	if (!ctx) {
		fprintf(stderr, "gatewayd: admin: cannot listen on %s\n", st->cfg.admin_listen);
		return NULL;
	}
	mg_set_auth_handler(ctx, "/api", require_session, st);
	mg_set_request_handler(ctx, "/login", login_handler, st);
	mg_set_request_handler(ctx, "/api/status", status_handler, st);
	mg_set_request_handler(ctx, "/api/config", config_handler, st);
	mg_set_request_handler(ctx, "/api/update", update_handler, st);
	mg_set_request_handler(ctx, "/debug/state", debug_state_handler, st); /* PLANTED P4: no auth handler */
	return ctx;
}

void admin_stop(struct mg_context *ctx)
{
	mg_stop(ctx);
}
