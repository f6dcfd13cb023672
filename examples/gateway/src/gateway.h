/* gateway.h - state shared between the gateway's modules. The admin interface runs in the web server's
 * thread, the telemetry and update loops in the main thread; they meet only through the atomics and the
 * mutex-protected status text below. */
#ifndef GATEWAY_GATEWAY_H
#define GATEWAY_GATEWAY_H

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "config.h"

struct gw_state {
	struct gw_config cfg;
	time_t started;
	atomic_int stop;             /* set by SIGTERM/SIGINT */
	atomic_int update_requested; /* set by POST /api/update */
	atomic_int mqtt_connected;
	pthread_mutex_t status_lock;
	char last_update[160];       /* human-readable result of the last update check */
};

void gw_set_update_status(struct gw_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
