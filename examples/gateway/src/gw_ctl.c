/* gw_ctl.c - gw-ctl: the gateway's maintenance tool.
 *   gw-ctl check-config FILE            validate a configuration file and print it with secrets redacted
 *   gw-ctl hash-password                read a password from stdin, print an admin_password_hash value
 *   gw-ctl verify-image PUBKEY IMG SIG  check an image's signature offline (exit 0 valid, 1 invalid) */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "ota.h"

static int put(void *arg, const char *line)
{
	return fputs(line, arg);
}

static void usage(FILE *out)
{
	fputs("Usage: gw-ctl check-config FILE\n"
	      "       gw-ctl hash-password            (password on stdin)\n"
	      "       gw-ctl verify-image PUBKEY IMAGE SIGNATURE\n",
	      out);
}

static int check_config(const char *path)
{
	struct gw_config cfg;
	char err[320];
	if (gw_config_load(path, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "gw-ctl: %s\n", err);
		return 1;
	}
	gw_config_print_redacted(&cfg, put, stdout);
	return 0;
}

static int hash_password(void)
{
	char pw[256], out[256];
	if (!fgets(pw, sizeof pw, stdin)) {
		fprintf(stderr, "gw-ctl: no password on stdin\n");
		return 1;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	if (strlen(pw) < 12) {
		fprintf(stderr, "gw-ctl: password shorter than 12 characters\n");
		memset(pw, 0, sizeof pw);
		return 1;
	}
	int rc = gw_hash_password(pw, out, sizeof out);
	memset(pw, 0, sizeof pw);
	if (rc != 0) {
		fprintf(stderr, "gw-ctl: cannot hash the password\n");
		return 1;
	}
	printf("admin_password_hash = %s\n", out);
	return 0;
}

static int verify_image(const char *pubkey, const char *image, const char *sigpath)
{
	unsigned char sig[1024];
	FILE *f = fopen(sigpath, "rb");
	if (!f) {
		perror(sigpath);
		return 2;
	}
	size_t n = fread(sig, 1, sizeof sig, f);
	fclose(f);
	if (ota_signature_ok(pubkey, image, sig, n) == 1) {
		puts("signature valid");
		return 0;
	}
	puts("signature INVALID");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "check-config") == 0)
		return check_config(argv[2]);
	if (argc == 2 && strcmp(argv[1], "hash-password") == 0)
		return hash_password();
	if (argc == 5 && strcmp(argv[1], "verify-image") == 0)
		return verify_image(argv[2], argv[3], argv[4]);
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 64;
}
