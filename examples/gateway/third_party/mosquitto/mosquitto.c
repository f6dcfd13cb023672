/* mosquitto.c - a minimal MQTT 3.1.1 client behind the libmosquitto API subset in mosquitto.h:
 * CONNECT/CONNACK, QoS 0 PUBLISH, PINGREQ keep-alive, DISCONNECT, optional TLS (OpenSSL) with the
 * broker's certificate and host name verified. Written for the gateway example. */
#define _GNU_SOURCE
#include "mosquitto.h"

#include <errno.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct mosquitto {
	char *id;
	char *username;
	char *password;
	char *cafile;
	char *capath;
	char *certfile;
	char *keyfile;
	int use_tls;
	int fd;
	SSL_CTX *ssl_ctx;
	SSL *ssl;
	int keepalive;
	time_t last_out;
	uint16_t next_mid;
};

int mosquitto_lib_init(void)
{
	return OPENSSL_init_ssl(0, NULL) == 1 ? MOSQ_ERR_SUCCESS : MOSQ_ERR_TLS;
}

int mosquitto_lib_cleanup(void)
{
	return MOSQ_ERR_SUCCESS;
}

static char *dup_or_null(const char *s, int *err)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*err = 1;
	return d;
}

struct mosquitto *mosquitto_new(const char *id, bool clean_session, void *obj)
{
	(void)obj;
	if (!id || !clean_session)
		return NULL; /* this shim keeps no session state, so it needs a clean session and an id */
	struct mosquitto *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->fd = -1;
	m->id = strdup(id);
	if (!m->id) {
		free(m);
		return NULL;
	}
	return m;
}

static void mosq_close(struct mosquitto *m)
{
	if (m->ssl) {
		SSL_shutdown(m->ssl);
		SSL_free(m->ssl);
		m->ssl = NULL;
	}
	if (m->fd >= 0) {
		close(m->fd);
		m->fd = -1;
	}
}

static void free_secret(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

void mosquitto_destroy(struct mosquitto *m)
{
	if (!m)
		return;
	mosq_close(m);
	SSL_CTX_free(m->ssl_ctx);
	free(m->id);
	free(m->username);
	free_secret(m->password);
	free(m->cafile);
	free(m->capath);
	free(m->certfile);
	free(m->keyfile);
	free(m);
}

int mosquitto_username_pw_set(struct mosquitto *m, const char *username, const char *password)
{
	if (!m || (password && !username))
		return MOSQ_ERR_INVAL;
	int err = 0;
	char *u = dup_or_null(username, &err);
	char *p = dup_or_null(password, &err);
	if (err) {
		free(u);
		free_secret(p);
		return MOSQ_ERR_NOMEM;
	}
	free(m->username);
	free_secret(m->password);
	m->username = u;
	m->password = p;
	return MOSQ_ERR_SUCCESS;
}

int mosquitto_tls_set(struct mosquitto *m, const char *cafile, const char *capath, const char *certfile,
                      const char *keyfile, int (*pw_callback)(char *buf, int size, int rwflag, void *userdata))
{
	if (!m || (!cafile && !capath) || (!certfile != !keyfile) || pw_callback)
		return MOSQ_ERR_INVAL;
	int err = 0;
	m->cafile = dup_or_null(cafile, &err);
	m->capath = dup_or_null(capath, &err);
	m->certfile = dup_or_null(certfile, &err);
	m->keyfile = dup_or_null(keyfile, &err);
	if (err)
		return MOSQ_ERR_NOMEM;
	m->use_tls = 1;
	return MOSQ_ERR_SUCCESS;
}

static int mosq_send(struct mosquitto *m, const unsigned char *p, size_t n)
{
	while (n > 0) {
		int w;
		if (m->ssl) {
			w = SSL_write(m->ssl, p, n > INT32_MAX ? INT32_MAX : (int)n);
		} else {
			ssize_t s = send(m->fd, p, n, MSG_NOSIGNAL);
			if (s < 0 && errno == EINTR)
				continue;
			w = s > INT32_MAX ? INT32_MAX : (int)s;
		}
		if (w <= 0)
			return MOSQ_ERR_CONN_LOST;
		p += w;
		n -= (size_t)w;
	}
	m->last_out = time(NULL);
	return MOSQ_ERR_SUCCESS;
}

static int mosq_recv(struct mosquitto *m, unsigned char *p, size_t n)
{
	while (n > 0) {
		int r;
		if (m->ssl) {
			r = SSL_read(m->ssl, p, n > INT32_MAX ? INT32_MAX : (int)n);
		} else {
			ssize_t s = recv(m->fd, p, n, 0);
			if (s < 0 && errno == EINTR)
				continue;
			r = s > INT32_MAX ? INT32_MAX : (int)s;
		}
		if (r <= 0)
			return MOSQ_ERR_CONN_LOST;
		p += r;
		n -= (size_t)r;
	}
	return MOSQ_ERR_SUCCESS;
}

/* A growable packet buffer; every append checks the MQTT limits (strings < 64 KiB, packet < 256 MiB). */
struct pkt {
	unsigned char *b;
	size_t len, cap;
	int err;
};

static void pkt_put(struct pkt *k, const void *p, size_t n)
{
	if (k->err)
		return;
	if (k->len + n > 268435455u) {
		k->err = MOSQ_ERR_PAYLOAD_SIZE;
		return;
	}
	if (k->len + n > k->cap) {
		size_t cap = (k->len + n) * 2;
		unsigned char *nb = realloc(k->b, cap);
		if (!nb) {
			k->err = MOSQ_ERR_NOMEM;
			return;
		}
		k->b = nb;
		k->cap = cap;
	}
	memcpy(k->b + k->len, p, n);
	k->len += n;
}

static void pkt_u16(struct pkt *k, unsigned v)
{
	unsigned char b[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	pkt_put(k, b, 2);
}

static void pkt_str(struct pkt *k, const char *s, size_t n)
{
	if (n > 65535) {
		k->err = MOSQ_ERR_INVAL;
		return;
	}
	pkt_u16(k, (unsigned)n);
	pkt_put(k, s, n);
}

/* Sends fixed header byte `type` followed by the remaining-length varint and body k. */
static int pkt_send(struct mosquitto *m, unsigned char type, struct pkt *k)
{
	if (k->err) {
		free(k->b);
		return k->err;
	}
	unsigned char hdr[5];
	size_t h = 0, rl = k->len;
	hdr[h++] = type;
	do {
		unsigned char d = rl % 128;
		rl /= 128;
		hdr[h++] = (unsigned char)(d | (rl ? 0x80 : 0));
	} while (rl);
	int rc = mosq_send(m, hdr, h);
	if (rc == MOSQ_ERR_SUCCESS && k->len)
		rc = mosq_send(m, k->b, k->len);
	free(k->b);
	return rc;
}

static int tls_start(struct mosquitto *m, const char *host)
{
	if (!m->ssl_ctx) {
		m->ssl_ctx = SSL_CTX_new(TLS_client_method());
		if (!m->ssl_ctx)
			return MOSQ_ERR_TLS;
		if (SSL_CTX_set_min_proto_version(m->ssl_ctx, TLS1_2_VERSION) != 1 ||
		    SSL_CTX_load_verify_locations(m->ssl_ctx, m->cafile, m->capath) != 1)
			return MOSQ_ERR_TLS;
		SSL_CTX_set_verify(m->ssl_ctx, SSL_VERIFY_PEER, NULL);
		if (m->certfile &&
		    (SSL_CTX_use_certificate_chain_file(m->ssl_ctx, m->certfile) != 1 ||
		     SSL_CTX_use_PrivateKey_file(m->ssl_ctx, m->keyfile, SSL_FILETYPE_PEM) != 1))
			return MOSQ_ERR_TLS;
	}
	m->ssl = SSL_new(m->ssl_ctx);
	if (!m->ssl || SSL_set_fd(m->ssl, m->fd) != 1 || SSL_set1_host(m->ssl, host) != 1 ||
	    SSL_set_tlsext_host_name(m->ssl, host) != 1)
		return MOSQ_ERR_TLS;
	if (SSL_connect(m->ssl) != 1)
		return MOSQ_ERR_TLS;
	/* SSL_VERIFY_PEER already aborts the handshake on a bad chain; check both facts anyway, as the
	 * verify result alone also reads X509_V_OK when no certificate was sent. */
	if (SSL_get0_peer_certificate(m->ssl) == NULL || SSL_get_verify_result(m->ssl) != X509_V_OK)
		return MOSQ_ERR_TLS;
	return MOSQ_ERR_SUCCESS;
}

int mosquitto_connect(struct mosquitto *m, const char *host, int port, int keepalive)
{
	if (!m || !host || port <= 0 || port > 65535 || keepalive < 5 || keepalive > 65535)
		return MOSQ_ERR_INVAL;
	mosq_close(m);
	char service[8];
	snprintf(service, sizeof service, "%d", port);
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
	if (getaddrinfo(host, service, &hints, &res) != 0)
		return MOSQ_ERR_NO_CONN;
	for (struct addrinfo *a = res; a; a = a->ai_next) {
		int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
			m->fd = fd;
			break;
		}
		close(fd);
	}
	freeaddrinfo(res);
	if (m->fd < 0)
		return MOSQ_ERR_NO_CONN;
	int rc;
	if (m->use_tls && (rc = tls_start(m, host)) != MOSQ_ERR_SUCCESS) {
		mosq_close(m);
		return rc;
	}

	struct pkt k = { 0 };
	unsigned char flags = 0x02; /* clean session */
	if (m->username)
		flags |= 0x80;
	if (m->password)
		flags |= 0x40;
	pkt_str(&k, "MQTT", 4);
	unsigned char level_flags[2] = { 4, flags };
	pkt_put(&k, level_flags, 2);
	pkt_u16(&k, (unsigned)keepalive);
	pkt_str(&k, m->id, strlen(m->id));
	if (m->username)
		pkt_str(&k, m->username, strlen(m->username));
	if (m->password)
		pkt_str(&k, m->password, strlen(m->password));
	if ((rc = pkt_send(m, 0x10, &k)) != MOSQ_ERR_SUCCESS) {
		mosq_close(m);
		return rc;
	}
	unsigned char ack[4];
	if (mosq_recv(m, ack, sizeof ack) != MOSQ_ERR_SUCCESS || ack[0] != 0x20 || ack[1] != 2) {
		mosq_close(m);
		return MOSQ_ERR_PROTOCOL;
	}
	if (ack[3] != 0) {
		mosq_close(m);
		return (ack[3] == 4 || ack[3] == 5) ? MOSQ_ERR_AUTH : MOSQ_ERR_CONN_REFUSED;
	}
	m->keepalive = keepalive;
	return MOSQ_ERR_SUCCESS;
}

int mosquitto_disconnect(struct mosquitto *m)
{
	if (!m || m->fd < 0)
		return MOSQ_ERR_NO_CONN;
	struct pkt k = { 0 };
	int rc = pkt_send(m, 0xE0, &k);
	mosq_close(m);
	return rc;
}

int mosquitto_publish(struct mosquitto *m, int *mid, const char *topic, int payloadlen, const void *payload,
                      int qos, bool retain)
{
	if (!m || !topic || payloadlen < 0 || (payloadlen > 0 && !payload))
		return MOSQ_ERR_INVAL;
	if (qos != 0)
		return MOSQ_ERR_NOT_SUPPORTED;
	if (m->fd < 0)
		return MOSQ_ERR_NO_CONN;
	if (strpbrk(topic, "+#"))
		return MOSQ_ERR_INVAL;
	struct pkt k = { 0 };
	pkt_str(&k, topic, strlen(topic));
	pkt_put(&k, payload, (size_t)payloadlen);
	if (mid)
		*mid = ++m->next_mid;
	return pkt_send(m, (unsigned char)(0x30 | (retain ? 1 : 0)), &k);
}

int mosquitto_loop(struct mosquitto *m, int timeout, int max_packets)
{
	(void)max_packets;
	if (!m)
		return MOSQ_ERR_INVAL;
	if (m->fd < 0)
		return MOSQ_ERR_NO_CONN;
	struct pollfd p = { .fd = m->fd, .events = POLLIN };
	int pr = (m->ssl && SSL_pending(m->ssl) > 0) ? 1 : poll(&p, 1, timeout);
	if (pr < 0 && errno != EINTR)
		return MOSQ_ERR_ERRNO;
	if (pr > 0) {
		/* The gateway subscribes to nothing: the only packets a broker sends are PINGRESP and, for an
		 * error, a disconnect. Read one fixed header and its body, and drop it. */
		unsigned char h, d;
		size_t rl = 0, mult = 1;
		if (mosq_recv(m, &h, 1) != MOSQ_ERR_SUCCESS)
			goto lost;
		do {
			if (mult > 128u * 128u * 128u || mosq_recv(m, &d, 1) != MOSQ_ERR_SUCCESS)
				goto lost;
			rl += (d & 0x7Fu) * mult;
			mult *= 128;
		} while (d & 0x80);
		while (rl > 0) {
			unsigned char skip[256];
			size_t n = rl < sizeof skip ? rl : sizeof skip;
			if (mosq_recv(m, skip, n) != MOSQ_ERR_SUCCESS)
				goto lost;
			rl -= n;
		}
	}
	if (m->keepalive && time(NULL) - m->last_out >= m->keepalive / 2) {
		struct pkt k = { 0 };
		if (pkt_send(m, 0xC0, &k) != MOSQ_ERR_SUCCESS)
			goto lost;
	}
	return MOSQ_ERR_SUCCESS;
lost:
	mosq_close(m);
	return MOSQ_ERR_CONN_LOST;
}

const char *mosquitto_strerror(int e)
{
	switch (e) {
	case MOSQ_ERR_SUCCESS: return "No error.";
	case MOSQ_ERR_NOMEM: return "Out of memory.";
	case MOSQ_ERR_PROTOCOL: return "A network protocol error occurred when communicating with the broker.";
	case MOSQ_ERR_INVAL: return "Invalid function arguments provided.";
	case MOSQ_ERR_NO_CONN: return "The client is not currently connected.";
	case MOSQ_ERR_CONN_REFUSED: return "The connection was refused.";
	case MOSQ_ERR_CONN_LOST: return "The connection was lost.";
	case MOSQ_ERR_TLS: return "A TLS error occurred.";
	case MOSQ_ERR_PAYLOAD_SIZE: return "Payload too large.";
	case MOSQ_ERR_NOT_SUPPORTED: return "This feature is not supported.";
	case MOSQ_ERR_AUTH: return "Authorisation failed.";
	case MOSQ_ERR_ERRNO: return strerror(errno);
	default: return "Unknown error.";
	}
}
