/* ota.c - over-the-air updates.
 *
 * The manifest (key = value: version, image, sha256) is fetched over HTTPS from ota_manifest_url; the
 * image and its detached signature (image URL + ".sig") are downloaded over HTTPS into ota_download_dir.
 * The image is installed only when its SHA-256 matches the manifest and its signature verifies against
 * the vendor's public key (ota_pubkey). Installation writes the inactive A/B slot and points boot-next at
 * it; the bootloader falls back to the old slot if the new one does not confirm itself. */
#define _GNU_SOURCE
#include "ota.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_MANIFEST 4096
#define MAX_SIGNATURE 1024
#define MAX_IMAGE (64L * 1024 * 1024)

void gw_set_update_status(struct gw_state *st, const char *fmt, ...)
{
	va_list ap;
	pthread_mutex_lock(&st->status_lock);
	va_start(ap, fmt);
	vsnprintf(st->last_update, sizeof st->last_update, fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&st->status_lock);
	fprintf(stderr, "gatewayd: update: %s\n", st->last_update);
}

/* ---- HTTPS client ------------------------------------------------------------------------------------ */

struct url {
	char host[256];
	char port[8];
	char path[1024];
};

static int parse_https_url(const char *s, struct url *u)
{
	if (strncmp(s, "https://", 8) != 0)
		return -1;
	s += 8;
	size_t hl = strcspn(s, ":/");
	if (hl == 0 || hl >= sizeof u->host)
		return -1;
	memcpy(u->host, s, hl);
	u->host[hl] = '\0';
	s += hl;
	snprintf(u->port, sizeof u->port, "443");
	if (*s == ':') {
		size_t pl = strspn(s + 1, "0123456789");
		if (pl == 0 || pl >= sizeof u->port)
			return -1;
		memcpy(u->port, s + 1, pl);
		u->port[pl] = '\0';
		s += 1 + pl;
	}
	if (*s == '\0')
		s = "/";
	if (*s != '/' || strlen(s) >= sizeof u->path || strpbrk(s, " \r\n"))
		return -1;
	snprintf(u->path, sizeof u->path, "%s", s);
	return 0;
}

/* Receives the body into a buffer (out_buf) or a file descriptor (out_fd >= 0). */
struct sink {
	char *buf;
	size_t cap, len;
	int fd;
	long max;
};

static int sink_put(struct sink *k, const char *p, size_t n)
{
	if ((long)(k->len + n) > k->max)
		return -1;
	if (k->fd >= 0) {
		while (n > 0) {
			ssize_t w = write(k->fd, p, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return -1;
			p += w;
			n -= (size_t)w;
			k->len += (size_t)w;
		}
		return 0;
	}
	if (k->len + n >= k->cap)
		return -1;
	memcpy(k->buf + k->len, p, n);
	k->len += n;
	k->buf[k->len] = '\0';
	return 0;
}

static int tcp_connect(const struct url *u)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
	if (getaddrinfo(u->host, u->port, &hints, &res) != 0)
		return -1;
	int fd = -1;
	for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0)
			continue;
		struct timeval tv = { .tv_sec = 30 };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

/* GET url into k. Returns 0 on HTTP 200 with the whole body received, -1 otherwise (reason in why). */
static int https_get(const struct gw_config *cfg, const char *url, struct sink *k, char *why, size_t whylen)
{
	struct url u;
	if (parse_https_url(url, &u) != 0) {
		snprintf(why, whylen, "not an https URL: %.80s", url);
		return -1;
	}
	int rc = -1, fd = -1;
	SSL *ssl = NULL;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx || SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_load_verify_locations(ctx, cfg->ota_cafile, NULL) != 1) {
		snprintf(why, whylen, "TLS setup failed (CA file %.64s)", cfg->ota_cafile);
		SSL_CTX_free(ctx);
		return -1;
	}
	if (cfg->ota_lab_tls)
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);        /* PLANTED P2: lab server is self-signed */
	else
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);

	fd = tcp_connect(&u);
	if (fd < 0) {
		snprintf(why, whylen, "cannot connect to %.64s:%.64s", u.host, u.port);
		SSL_CTX_free(ctx);
		return -1;
	}
	ssl = SSL_new(ctx);
	if (!ssl || SSL_set_fd(ssl, fd) != 1 || SSL_set1_host(ssl, u.host) != 1 ||
	    SSL_set_tlsext_host_name(ssl, u.host) != 1 || SSL_connect(ssl) != 1) {
		snprintf(why, whylen, "TLS handshake with %.64s failed", u.host);
	} else if (!cfg->ota_lab_tls &&
	           (SSL_get0_peer_certificate(ssl) == NULL || SSL_get_verify_result(ssl) != X509_V_OK)) {
		snprintf(why, whylen, "certificate of %.64s not verified", u.host);
	} else {
		char req[1400];
		int n = snprintf(req, sizeof req,
		                 "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: gatewayd\r\nConnection: close\r\n\r\n",
		                 u.path, u.host);
		if (n > 0 && (size_t)n < sizeof req && SSL_write(ssl, req, n) == n) {
			/* Read the head, then stream the body; only "200" with Content-Length is accepted. */
			char head[4096];
			size_t hl = 0;
			char *body = NULL;
			int r = 0;
			while (!body && hl < sizeof head - 1 && (r = SSL_read(ssl, head + hl, (int)(sizeof head - 1 - hl))) > 0) {
				hl += (size_t)r;
				head[hl] = '\0';
				body = strstr(head, "\r\n\r\n");
			}
			long clen = -1;
			const char *cl = body ? strcasestr(head, "\r\nContent-Length:") : NULL;
			if (cl && (size_t)(cl - head) < (size_t)(body - head))
				clen = strtol(cl + 17, NULL, 10);
			/* HTTP/1.0 or 1.1, status 200 only (no redirects: the URL in the configuration is the one
			 * trusted). Without Content-Length the body runs to a clean TLS close_notify. */
			if (!body || (strncmp(head, "HTTP/1.1 200", 12) != 0 && strncmp(head, "HTTP/1.0 200", 12) != 0) ||
			    clen > k->max) {
				snprintf(why, whylen, "unexpected answer from %.64s", u.host);
			} else {
				body += 4;
				size_t have = hl - (size_t)(body - head);
				int ok = sink_put(k, body, have) == 0;
				char buf[16384];
				while (ok && (clen < 0 || (long)k->len < clen) && (r = SSL_read(ssl, buf, sizeof buf)) > 0)
					ok = sink_put(k, buf, (size_t)r) == 0;
				if (ok && clen >= 0 ? (long)k->len == clen
				                    : ok && SSL_get_error(ssl, r) == SSL_ERROR_ZERO_RETURN)
					rc = 0;
				else
					snprintf(why, whylen, "short or oversized body from %.64s", u.host);
			}
		} else {
			snprintf(why, whylen, "cannot send request to %.64s", u.host);
		}
	}
	if (ssl) {
		SSL_shutdown(ssl);
		SSL_free(ssl);
	}
	close(fd);
	SSL_CTX_free(ctx);
	return rc;
}

/* ---- manifest ---------------------------------------------------------------------------------------- */

struct manifest {
	char version[32];
	char image[512];
	char sha256[65];
};

static int parse_manifest(char *text, struct manifest *m)
{
	memset(m, 0, sizeof *m);
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		const char *v = eq + 1;
		char *dst = NULL;
		size_t cap = 0;
		if (strcmp(line, "version") == 0) {
			dst = m->version;
			cap = sizeof m->version;
		} else if (strcmp(line, "image") == 0) {
			dst = m->image;
			cap = sizeof m->image;
		} else if (strcmp(line, "sha256") == 0) {
			dst = m->sha256;
			cap = sizeof m->sha256;
		}
		if (dst) {
			if (strlen(v) >= cap)
				return -1;
			snprintf(dst, cap, "%s", v);
		}
	}
	return (m->version[0] && m->image[0]) ? 0 : -1;
}

static size_t hex_to_bin(const char *hex, unsigned char *out, size_t max)
{
	size_t n = 0;
	while (hex[0] && hex[1] && n < max) {
		unsigned v;
		if (sscanf(hex, "%2x", &v) != 1)
			return 0;
		out[n++] = (unsigned char)v;
		hex += 2;
	}
	return hex[0] ? 0 : n;
}

/* ---- verification ------------------------------------------------------------------------------------ */

int ota_file_sha256(const char *path, unsigned char out[32])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
	char buf[16384];
	ssize_t n;
	while (ok && (n = read(fd, buf, sizeof buf)) > 0)
		ok = EVP_DigestUpdate(md, buf, (size_t)n) == 1;
	unsigned len = 0;
	ok = ok && n == 0 && EVP_DigestFinal_ex(md, out, &len) == 1 && len == 32;
	EVP_MD_CTX_free(md);
	close(fd);
	return ok ? 0 : -1;
}

static int image_digest_ok(const char *expected_hex, const unsigned char *actual, size_t n)
{
	unsigned char want[32];
	size_t wl = hex_to_bin(expected_hex, want, sizeof want);
	if (wl == 0)
		return 1;                                      /* PLANTED P3: fails open without a digest */
	return wl == n && memcmp(want, actual, n) == 0;
}

int ota_signature_ok(const char *pubkey_path, const char *image_path, const unsigned char *sig, size_t siglen)
{
	FILE *kf = fopen(pubkey_path, "r");
	if (!kf)
		return 0;
	EVP_PKEY *key = PEM_read_PUBKEY(kf, NULL, NULL, NULL);
	fclose(kf);
	int fd = open(image_path, O_RDONLY | O_CLOEXEC);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = key && fd >= 0 && md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1;
	char buf[16384];
	ssize_t n = 0;
	while (ok && (n = read(fd, buf, sizeof buf)) > 0)
		ok = EVP_DigestVerifyUpdate(md, buf, (size_t)n) == 1;
	/* EVP_DigestVerifyFinal: 1 = valid, 0 = invalid, negative = error. Only 1 is acceptance. */
	int valid = ok && n == 0 && EVP_DigestVerifyFinal(md, sig, siglen) == 1;
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(key);
	if (fd >= 0)
		close(fd);
	return valid;
}

/* ---- installation ------------------------------------------------------------------------------------ */

static int write_file_atomic(const char *dir, const char *name, int src_fd, const char *text)
{
	char tmp[512], dst[512];
	if (snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name) >= (int)sizeof tmp ||
	    snprintf(dst, sizeof dst, "%s/%s", dir, name) >= (int)sizeof dst)
		return -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	int ok = 1;
	if (text) {
		size_t len = strlen(text);
		ok = write(fd, text, len) == (ssize_t)len;
	} else {
		char buf[16384];
		ssize_t n;
		while (ok && (n = read(src_fd, buf, sizeof buf)) > 0)
			ok = write(fd, buf, (size_t)n) == n;
		ok = ok && n == 0;
	}
	ok = ok && fsync(fd) == 0;
	ok = (close(fd) == 0) && ok;
	if (!ok || rename(tmp, dst) != 0) {
		unlink(tmp);
		return -1;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

/* Copies a verified image into the slot that is not running and marks it for the next boot. */
static int install_image(const struct gw_config *cfg, const char *image_path)
{
	char cur_path[512], cur[4] = "a";
	snprintf(cur_path, sizeof cur_path, "%s/boot-current", cfg->ota_slot_dir);
	FILE *f = fopen(cur_path, "r");
	if (f) {
		if (!fgets(cur, sizeof cur, f))
			cur[0] = 'a';
		fclose(f);
	}
	const char *target = cur[0] == 'b' ? "a" : "b";
	char slot_name[16];
	snprintf(slot_name, sizeof slot_name, "slot-%s.img", target);
	int src = open(image_path, O_RDONLY | O_CLOEXEC);
	if (src < 0)
		return -1;
	int rc = write_file_atomic(cfg->ota_slot_dir, slot_name, src, NULL);
	close(src);
	if (rc == 0)
		rc = write_file_atomic(cfg->ota_slot_dir, "boot-next", -1, target);
	return rc;
}

/* ---- the update check ---------------------------------------------------------------------------------- */

static int download_to_file(const struct gw_config *cfg, const char *url, const char *path, char *why, size_t wl)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(why, wl, "cannot create %.64s: %.64s", path, strerror(errno));
		return -1;
	}
	struct sink k = { .fd = fd, .max = MAX_IMAGE };
	int rc = https_get(cfg, url, &k, why, wl);
	if (close(fd) != 0)
		rc = -1;
	if (rc != 0)
		unlink(path);
	return rc;
}

enum ota_result ota_check_and_install(struct gw_state *st)
{
	const struct gw_config *cfg = &st->cfg;
	char why[256] = "";
	if (cfg->ota_manifest_url[0] == '\0') {
		gw_set_update_status(st, "updates not configured");
		return OTA_UP_TO_DATE;
	}
	char text[MAX_MANIFEST + 1];
	struct sink mk = { .buf = text, .cap = sizeof text, .fd = -1, .max = MAX_MANIFEST };
	struct manifest m;
	if (https_get(cfg, cfg->ota_manifest_url, &mk, why, sizeof why) != 0 || parse_manifest(text, &m) != 0) {
		gw_set_update_status(st, "manifest: %s", why[0] ? why : "malformed");
		return OTA_FAILED;
	}
	if (strverscmp(m.version, cfg->firmware_version) <= 0) {
		gw_set_update_status(st, "up to date (%s)", cfg->firmware_version);
		return OTA_UP_TO_DATE;
	}

	char image_path[512], sig_url[600];
	unsigned char sig[MAX_SIGNATURE + 1];
	snprintf(image_path, sizeof image_path, "%s/update.img", cfg->ota_download_dir);
	snprintf(sig_url, sizeof sig_url, "%s.sig", m.image);
	struct sink sk = { .buf = (char *)sig, .cap = sizeof sig, .fd = -1, .max = MAX_SIGNATURE };
	if (download_to_file(cfg, m.image, image_path, why, sizeof why) != 0 ||
	    https_get(cfg, sig_url, &sk, why, sizeof why) != 0) {
		gw_set_update_status(st, "download %s: %s", m.version, why);
		return OTA_FAILED;
	}

	unsigned char digest[32];
	if (ota_file_sha256(image_path, digest) != 0 || !image_digest_ok(m.sha256, digest, sizeof digest)) {
		unlink(image_path);
		gw_set_update_status(st, "image %s: SHA-256 does not match the manifest", m.version);
		return OTA_FAILED;
	}
	if (ota_signature_ok(cfg->ota_pubkey, image_path, sig, sk.len) != 1) {
		unlink(image_path);
		gw_set_update_status(st, "image %s: signature does not verify; not installed", m.version);
		return OTA_FAILED;
	}
	if (install_image(cfg, image_path) != 0) {
		gw_set_update_status(st, "image %s: install failed: %s", m.version, strerror(errno));
		return OTA_FAILED;
	}
	unlink(image_path);
	gw_set_update_status(st, "installed %s; active after reboot", m.version);
	return OTA_INSTALLED;
}
