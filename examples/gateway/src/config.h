/* config.h - the gateway's configuration: one key = value file, validated as a whole before use. */
#ifndef GATEWAY_CONFIG_H
#define GATEWAY_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define GW_STR 256

struct gw_config {
	/* admin interface */
	char admin_listen[64];          /* ADDR:PORT; loopback or a management VLAN address, never a wildcard */
	char admin_user[64];
	char admin_password_hash[GW_STR]; /* pbkdf2-sha256$ITER$SALTHEX$HASHHEX (gw-ctl hash-password) */
	unsigned session_ttl;           /* seconds */
	/* telemetry */
	char mqtt_host[GW_STR];
	int mqtt_port;
	char mqtt_client_id[64];
	char mqtt_username[64];
	char mqtt_password[128];
	char mqtt_cafile[GW_STR];
	char mqtt_topic[GW_STR];
	unsigned telemetry_interval;    /* seconds */
	/* over-the-air updates */
	char ota_manifest_url[GW_STR];  /* https:// only */
	char ota_cafile[GW_STR];
	char ota_pubkey[GW_STR];        /* PEM public key that signs images */
	char ota_download_dir[GW_STR];
	char ota_slot_dir[GW_STR];      /* where slot-a.img / slot-b.img and boot-next live */
	unsigned ota_interval;          /* seconds between checks */
	bool ota_lab_tls;               /* lab units talk to an update server with a self-signed certificate */
	char firmware_version[32];
};

/* Fills cfg with the built-in defaults (no credentials: those come only from the file). */
void gw_config_defaults(struct gw_config *cfg);

/* Reads path into cfg (defaults first). On error returns -1 and writes "path:line: problem" into err.
 * A file that others can read is refused: it holds the MQTT password. */
int gw_config_load(const char *path, struct gw_config *cfg, char *err, size_t errlen);

/* Checks cross-field rules (URL schemes, ports, required files); -1 with a message in err. */
int gw_config_validate(const struct gw_config *cfg, char *err, size_t errlen);

/* Prints the effective configuration with secrets replaced by "(set)" / "(unset)". */
void gw_config_print_redacted(const struct gw_config *cfg, int (*out)(void *, const char *), void *arg);

#endif
