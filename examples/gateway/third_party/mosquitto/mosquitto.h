/* mosquitto.h - the subset of the libmosquitto client API (https://mosquitto.org, EPL-2.0/EDL-1.0) that
 * the gateway uses, with the same names, argument order and return values (enum mosq_err_t).
 *
 * The example links against the small shim in mosquitto.c (MQTT 3.1.1, QoS 0 publish, keep-alive, TLS
 * through OpenSSL) so that it builds with nothing but libc and OpenSSL. Link -lmosquitto and delete this
 * directory to use the real library: the gateway's code does not change. Written for this example. */
#ifndef GATEWAY_MOSQUITTO_H
#define GATEWAY_MOSQUITTO_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mosq_err_t {
	MOSQ_ERR_SUCCESS = 0,
	MOSQ_ERR_NOMEM = 1,
	MOSQ_ERR_PROTOCOL = 2,
	MOSQ_ERR_INVAL = 3,
	MOSQ_ERR_NO_CONN = 4,
	MOSQ_ERR_CONN_REFUSED = 5,
	MOSQ_ERR_NOT_FOUND = 6,
	MOSQ_ERR_CONN_LOST = 7,
	MOSQ_ERR_TLS = 8,
	MOSQ_ERR_PAYLOAD_SIZE = 9,
	MOSQ_ERR_NOT_SUPPORTED = 10,
	MOSQ_ERR_AUTH = 11,
	MOSQ_ERR_ACL_DENIED = 12,
	MOSQ_ERR_UNKNOWN = 13,
	MOSQ_ERR_ERRNO = 14,
};

struct mosquitto;

int mosquitto_lib_init(void);
int mosquitto_lib_cleanup(void);
struct mosquitto *mosquitto_new(const char *id, bool clean_session, void *obj);
void mosquitto_destroy(struct mosquitto *mosq);
int mosquitto_username_pw_set(struct mosquitto *mosq, const char *username, const char *password);
/* TLS with server verification against cafile/capath; certfile/keyfile for a client certificate. */
int mosquitto_tls_set(struct mosquitto *mosq, const char *cafile, const char *capath, const char *certfile,
                      const char *keyfile, int (*pw_callback)(char *buf, int size, int rwflag, void *userdata));
int mosquitto_connect(struct mosquitto *mosq, const char *host, int port, int keepalive);
int mosquitto_disconnect(struct mosquitto *mosq);
int mosquitto_publish(struct mosquitto *mosq, int *mid, const char *topic, int payloadlen, const void *payload,
                      int qos, bool retain);
/* Services the connection for up to timeout ms: reads what the broker sent, sends PINGREQ when due. */
int mosquitto_loop(struct mosquitto *mosq, int timeout, int max_packets);
const char *mosquitto_strerror(int mosq_errno);

#ifdef __cplusplus
}
#endif
#endif
