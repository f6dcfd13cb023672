/* config.c - key = value configuration loader for the gateway. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum key_type { K_STR, K_INT, K_UINT, K_BOOL };

struct key_def {
	const char *name;
	enum key_type type;
	size_t offset;
	size_t size;      /* for K_STR: the buffer size */
	long min, max;    /* for K_INT / K_UINT */
	bool secret;      /* never printed */
};

#define STR(f, s) K_STR, offsetof(struct gw_config, f), sizeof(((struct gw_config *)0)->f), 0, 0, s
#define NUM(t, f, lo, hi) t, offsetof(struct gw_config, f), 0, lo, hi, false

/* Sorted by name; the names are the file's keys, not values. */
static const struct key_def keys[] = {
	{ "admin_listen", STR(admin_listen, false) },
	{ "admin_password_hash", STR(admin_password_hash, true) },
	{ "admin_user", STR(admin_user, false) },
	{ "firmware_version", STR(firmware_version, false) },
	{ "mqtt_cafile", STR(mqtt_cafile, false) },
	{ "mqtt_client_id", STR(mqtt_client_id, false) },
	{ "mqtt_host", STR(mqtt_host, false) },
	{ "mqtt_password", STR(mqtt_password, true) },
	{ "mqtt_port", NUM(K_INT, mqtt_port, 1, 65535) },
	{ "mqtt_topic", STR(mqtt_topic, false) },
	{ "mqtt_username", STR(mqtt_username, false) },
	{ "ota_cafile", STR(ota_cafile, false) },
	{ "ota_download_dir", STR(ota_download_dir, false) },
	{ "ota_interval", NUM(K_UINT, ota_interval, 60, 7 * 24 * 3600) },
	{ "ota_lab_tls", NUM(K_BOOL, ota_lab_tls, 0, 1) },
	{ "ota_manifest_url", STR(ota_manifest_url, false) },
	{ "ota_pubkey", STR(ota_pubkey, false) },
	{ "ota_slot_dir", STR(ota_slot_dir, false) },
	{ "session_ttl", NUM(K_UINT, session_ttl, 60, 24 * 3600) },
	{ "telemetry_interval", NUM(K_UINT, telemetry_interval, 5, 3600) },
};

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void gw_config_defaults(struct gw_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	copy_str(cfg->admin_listen, sizeof cfg->admin_listen, "127.0.0.1:8080");
	copy_str(cfg->admin_user, sizeof cfg->admin_user, "admin");
	cfg->session_ttl = 900;
	cfg->mqtt_port = 8883;
	copy_str(cfg->mqtt_topic, sizeof cfg->mqtt_topic, "gateways/telemetry");
	cfg->telemetry_interval = 30;
	copy_str(cfg->ota_download_dir, sizeof cfg->ota_download_dir, "/var/lib/gateway/download");
	copy_str(cfg->ota_slot_dir, sizeof cfg->ota_slot_dir, "/var/lib/gateway/slots");
	cfg->ota_interval = 6 * 3600;
	copy_str(cfg->firmware_version, sizeof cfg->firmware_version, "1.4.2");
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static const struct key_def *find_key(const char *name)
{
	size_t lo = 0, hi = sizeof keys / sizeof keys[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, keys[mid].name);
		if (c == 0)
			return &keys[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int set_value(struct gw_config *cfg, const struct key_def *k, const char *v, char *err, size_t errlen)
{
	char *base = (char *)cfg + k->offset;
	if (k->type == K_STR) {
		if (strlen(v) >= k->size) {
			set_err(err, errlen, "value of %s longer than %zu bytes", k->name, k->size - 1);
			return -1;
		}
		copy_str(base, k->size, v);
		return 0;
	}
	char *end = NULL;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end != '\0' || n < k->min || n > k->max) {
		set_err(err, errlen, "%s must be a number from %ld to %ld", k->name, k->min, k->max);
		return -1;
	}
	switch (k->type) {
	case K_INT: *(int *)(void *)base = (int)n; break;
	case K_UINT: *(unsigned *)(void *)base = (unsigned)n; break;
	case K_BOOL: *(bool *)(void *)base = n != 0; break;
	case K_STR: break;
	}
	return 0;
}

int gw_config_load(const char *path, struct gw_config *cfg, char *err, size_t errlen)
{
	gw_config_defaults(cfg);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		set_err(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (st.st_mode & (S_IROTH | S_IWOTH | S_IWGRP)) {
		set_err(err, errlen, "%s: readable or writable by others (mode %03o); chmod 0640", path,
		        (unsigned)(st.st_mode & 0777));
		close(fd);
		return -1;
	}
	FILE *f = fdopen(fd, "r");
	if (!f) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	char line[1024];
	unsigned lineno = 0;
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			set_err(err, errlen, "%s:%u: line too long", path, lineno);
			rc = -1;
			break;
		}
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			set_err(err, errlen, "%s:%u: expected key = value", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *name = trim(s), *value = trim(eq + 1);
		const struct key_def *k = find_key(name);
		if (!k) {
			set_err(err, errlen, "%s:%u: unknown key '%s'", path, lineno, name);
			rc = -1;
			break;
		}
		char why[160];
		if (set_value(cfg, k, value, why, sizeof why) != 0) {
			set_err(err, errlen, "%s:%u: %s", path, lineno, why);
			rc = -1;
		}
	}
	if (rc == 0 && ferror(f)) {
		set_err(err, errlen, "%s: read error", path);
		rc = -1;
	}
	fclose(f);
	return rc == 0 ? gw_config_validate(cfg, err, errlen) : rc;
}

static bool is_https(const char *url)
{
	return strncmp(url, "https://", 8) == 0 && url[8] != '\0' && url[8] != '/';
}

int gw_config_validate(const struct gw_config *cfg, char *err, size_t errlen)
{
	if (strncmp(cfg->admin_listen, "0.0.0.0:", 8) == 0 || strncmp(cfg->admin_listen, "[::]:", 5) == 0) {
		set_err(err, errlen, "admin_listen: the admin interface must not listen on every interface");
		return -1;
	}
	if (cfg->admin_password_hash[0] == '\0') {
		set_err(err, errlen, "admin_password_hash: not set (create one with gw-ctl hash-password)");
		return -1;
	}
	if (cfg->mqtt_host[0] != '\0' && cfg->mqtt_cafile[0] == '\0') {
		set_err(err, errlen, "mqtt_cafile: required when mqtt_host is set (the broker is always TLS)");
		return -1;
	}
	if (cfg->mqtt_username[0] != '\0' && cfg->mqtt_password[0] == '\0') {
		set_err(err, errlen, "mqtt_password: required when mqtt_username is set");
		return -1;
	}
	if (cfg->ota_manifest_url[0] != '\0') {
		if (!is_https(cfg->ota_manifest_url)) {
			set_err(err, errlen, "ota_manifest_url: only https:// is accepted");
			return -1;
		}
		if (cfg->ota_pubkey[0] == '\0' || cfg->ota_cafile[0] == '\0') {
			set_err(err, errlen, "ota_pubkey and ota_cafile are required when ota_manifest_url is set");
			return -1;
		}
	}
	return 0;
}

void gw_config_print_redacted(const struct gw_config *cfg, int (*out)(void *, const char *), void *arg)
{
	char line[GW_STR + 64];
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const struct key_def *k = &keys[i];
		const char *base = (const char *)cfg + k->offset;
		switch (k->type) {
		case K_STR:
			if (k->secret)
				snprintf(line, sizeof line, "%s = %s\n", k->name, base[0] ? "(set)" : "(unset)");
			else
				snprintf(line, sizeof line, "%s = %s\n", k->name, base);
			break;
		case K_INT: snprintf(line, sizeof line, "%s = %d\n", k->name, *(const int *)(const void *)base); break;
		case K_UINT: snprintf(line, sizeof line, "%s = %u\n", k->name, *(const unsigned *)(const void *)base); break;
		case K_BOOL: snprintf(line, sizeof line, "%s = %d\n", k->name, *(const bool *)(const void *)base ? 1 : 0); break;
		}
		out(arg, line);
	}
}
