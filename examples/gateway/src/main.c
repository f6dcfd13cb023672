/* main.c - gatewayd: the gateway service. Loads the configuration, starts the admin interface, then runs
 * the telemetry and update loops until SIGTERM. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "gateway.h"
#include "http_admin.h"
#include "ota.h"
#include "telemetry.h"

static struct gw_state g_state;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&g_state.stop, 1);
}

static void usage(FILE *out)
{
	fputs("Usage: gatewayd [-c FILE] [--check-update]\n"
	      "  -c, --config FILE   configuration file (default /etc/gateway/gateway.conf)\n"
	      "      --check-update  run one update check and exit (0 up to date, 1 installed, 2 failed)\n"
	      "  -h, --help          this text\n",
	      out);
}

int main(int argc, char **argv)
{
	const char *config_path = "/etc/gateway/gateway.conf";
	int check_only = 0;
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-update", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': config_path = optarg; break;
		case 'u': check_only = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 64;
		}
	}

	struct gw_state *st = &g_state;
	char err[320];
	if (gw_config_load(config_path, &st->cfg, err, sizeof err) != 0) {
		fprintf(stderr, "gatewayd: %s\n", err);
		return 78;
	}
	st->started = time(NULL);
	pthread_mutex_init(&st->status_lock, NULL);
	snprintf(st->last_update, sizeof st->last_update, "not checked yet");

	if (check_only) {
		enum ota_result r = ota_check_and_install(st);
		return r == OTA_UP_TO_DATE ? 0 : r == OTA_INSTALLED ? 1 : 2;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct mg_context *admin = admin_start(st);
	if (!admin)
		return 1;
	struct telemetry *tel = telemetry_open(st);
	time_t next_update = st->started + 60; /* first check a minute after boot, not during it */

	while (!atomic_load(&st->stop)) {
		if (tel)
			telemetry_tick(tel, 1000);
		else
			nanosleep(&(struct timespec){ .tv_sec = 1 }, NULL);
		time_t now = time(NULL);
		if (atomic_exchange(&st->update_requested, 0) || now >= next_update) {
			ota_check_and_install(st);
			next_update = now + (time_t)st->cfg.ota_interval;
		}
	}
	telemetry_close(tel);
	admin_stop(admin);
	return 0;
}
