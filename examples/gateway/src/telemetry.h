/* telemetry.h - publishes the gateway's status to the fleet MQTT broker. */
#ifndef GATEWAY_TELEMETRY_H
#define GATEWAY_TELEMETRY_H

#include "gateway.h"

struct telemetry;

/* NULL when telemetry is not configured (no mqtt_host) or cannot be set up (message on stderr). */
struct telemetry *telemetry_open(struct gw_state *st);
/* Connects when needed, publishes one status message, services the connection for up to wait_ms. */
void telemetry_tick(struct telemetry *t, int wait_ms);
void telemetry_close(struct telemetry *t);

#endif
