/* telemetry.c - status messages to the fleet broker over MQTT with TLS (libmosquitto API). */
#include "telemetry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mosquitto.h"

struct telemetry {
	struct gw_state *st;
	struct mosquitto *m;
	time_t next_publish;
	time_t next_connect;
	unsigned backoff;
};

struct telemetry *telemetry_open(struct gw_state *st)
{
	const struct gw_config *cfg = &st->cfg;
	if (cfg->mqtt_host[0] == '\0')
		return NULL;
	struct telemetry *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->st = st;
	mosquitto_lib_init();
	t->m = mosquitto_new(cfg->mqtt_client_id[0] ? cfg->mqtt_client_id : "gateway", true, t);
	if (!t->m) {
		free(t);
		return NULL;
	}
	int rc = mosquitto_tls_set(t->m, cfg->mqtt_cafile, NULL, NULL, NULL, NULL);
	if (rc == MOSQ_ERR_SUCCESS) {
		if (cfg->mqtt_username[0] != '\0')
			rc = mosquitto_username_pw_set(t->m, cfg->mqtt_username, cfg->mqtt_password);
		else
			rc = mosquitto_username_pw_set(t->m, "gw-fleet", "Fl33t!uplink-2291"); /* PLANTED P1 */
	}
	if (rc != MOSQ_ERR_SUCCESS) {
		fprintf(stderr, "gatewayd: telemetry: %s\n", mosquitto_strerror(rc));
		telemetry_close(t);
		return NULL;
	}
	return t;
}

static void publish_status(struct telemetry *t)
{
	struct gw_state *st = t->st;
	char msg[384], last[sizeof st->last_update];
	pthread_mutex_lock(&st->status_lock);
	memcpy(last, st->last_update, sizeof last);
	pthread_mutex_unlock(&st->status_lock);
	int n = snprintf(msg, sizeof msg, "{\"version\":\"%s\",\"uptime\":%ld,\"update\":\"%s\"}",
	                 st->cfg.firmware_version, (long)(time(NULL) - st->started), last);
	if (n < 0 || (size_t)n >= sizeof msg)
		return;
	int rc = mosquitto_publish(t->m, NULL, st->cfg.mqtt_topic, n, msg, 0, false);
	if (rc != MOSQ_ERR_SUCCESS) {
		fprintf(stderr, "gatewayd: telemetry: publish: %s\n", mosquitto_strerror(rc));
		atomic_store(&st->mqtt_connected, 0);
	}
}

void telemetry_tick(struct telemetry *t, int wait_ms)
{
	if (!t)
		return;
	time_t now = time(NULL);
	struct gw_state *st = t->st;
	if (!atomic_load(&st->mqtt_connected) && now >= t->next_connect) {
		int rc = mosquitto_connect(t->m, st->cfg.mqtt_host, st->cfg.mqtt_port, 60);
		if (rc == MOSQ_ERR_SUCCESS) {
			atomic_store(&st->mqtt_connected, 1);
			t->backoff = 0;
		} else {
			/* Exponential back-off up to 10 minutes, so a fleet does not hammer a broker that is down. */
			t->backoff = t->backoff ? (t->backoff >= 600 ? 600 : t->backoff * 2) : 5;
			t->next_connect = now + (time_t)t->backoff;
			fprintf(stderr, "gatewayd: telemetry: connect %s:%d: %s (retry in %us)\n", st->cfg.mqtt_host,
			        st->cfg.mqtt_port, mosquitto_strerror(rc), t->backoff);
		}
	}
	if (atomic_load(&st->mqtt_connected) && now >= t->next_publish) {
		publish_status(t);
		t->next_publish = now + (time_t)st->cfg.telemetry_interval;
	}
	if (atomic_load(&st->mqtt_connected) && mosquitto_loop(t->m, wait_ms, 1) != MOSQ_ERR_SUCCESS)
		atomic_store(&st->mqtt_connected, 0);
}

void telemetry_close(struct telemetry *t)
{
	if (!t)
		return;
	if (atomic_load(&t->st->mqtt_connected))
		mosquitto_disconnect(t->m);
	mosquitto_destroy(t->m);
	mosquitto_lib_cleanup();
	free(t);
}
