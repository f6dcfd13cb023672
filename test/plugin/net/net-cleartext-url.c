// Cleartext URLs (http, ftp, tftp, mqtt, tcp, ...) to non-local hosts reaching a network or update sink
// directly, through a macro, a local variable or the format of an snprintf. Loopback, RFC 1918,
// link-local and documentation hosts, and strings that reach no sink, are near-misses.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,net-cleartext-url' %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,net-cleartext-url' %s -- -fno-caret-diagnostics 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef void CURL;
typedef enum { CURLOPT_URL = 10002, CURLOPT_USERAGENT = 10018 } CURLoption;
int curl_easy_setopt(CURL *h, CURLoption opt, ...);
typedef struct { const char *url; const char *cert_pem; } esp_http_client_config_t;
typedef struct MQTTClient_s *MQTTClient;
int MQTTClient_create(MQTTClient *c, const char *uri, const char *id, int persistence, void *ctx);
#define FW_URL "http://updates.acme-iot.net/fw/latest.bin"

void fetch(CURL *h, const char *host) {
  // CHECK: [[@LINE+1]]:3: warning: cleartext http:// URL (host updates.acme-iot.net) reaches curl_easy_setopt(CURLOPT_URL): the transfer can be read and modified on the network [cra-net-cleartext-url]
  curl_easy_setopt(h, CURLOPT_URL, "http://updates.acme-iot.net/fw.bin");
  // CHECK: [[@LINE+1]]:3: warning: cleartext http:// URL (host updates.acme-iot.net) reaches curl_easy_setopt(CURLOPT_URL){{.*}} [cra-net-cleartext-url]
  curl_easy_setopt(h, CURLOPT_URL, FW_URL);
  const char *u = "ftp://203.0.114.9/pub/fw.bin";
  // CHECK: [[@LINE+1]]:3: warning: cleartext ftp:// URL (host 203.0.114.9){{.*}} [cra-net-cleartext-url]
  curl_easy_setopt(h, CURLOPT_URL, u);
  char buf[128];
  snprintf(buf, sizeof buf, "tftp://%s/boot.img", host);
  // CHECK: [[@LINE+1]]:3: warning: cleartext tftp:// URL (a host filled in at run time) reaches curl_easy_setopt(CURLOPT_URL) through a format string{{.*}} [cra-net-cleartext-url]
  curl_easy_setopt(h, CURLOPT_URL, buf);
}
void upgrade_shell(void) {
  // CHECK: [[@LINE+1]]:3: warning: cleartext http:// URL (host dl.acme-iot.net) reaches system{{.*}} [cra-net-cleartext-url]
  system("wget -q -O /tmp/fw.bin http://dl.acme-iot.net/fw.bin");
}
void esp_cfg(void) {
  // CHECK: [[@LINE+1]]:40: warning: cleartext http:// URL{{.*}}reaches field 'url' of esp_http_client_config_t{{.*}} [cra-net-cleartext-url]
  esp_http_client_config_t c = {.url = "http://ota.acme-iot.net/app.bin"};
  (void)c;
}
void mqtt(MQTTClient *c) {
  // CHECK: [[@LINE+1]]:3: warning: cleartext tcp:// URL (host broker.acme-iot.net){{.*}} [cra-net-cleartext-url]
  MQTTClient_create(c, "tcp://broker.acme-iot.net:1883", "dev", 1, NULL);
}

// Near-misses.
void local_and_safe(CURL *h, MQTTClient *c) {
  curl_easy_setopt(h, CURLOPT_URL, "https://updates.acme-iot.net/fw.bin");
  curl_easy_setopt(h, CURLOPT_URL, "http://127.0.0.1:8080/status");
  curl_easy_setopt(h, CURLOPT_URL, "http://localhost/api");
  curl_easy_setopt(h, CURLOPT_URL, "http://192.168.1.1/cgi-bin/status");
  curl_easy_setopt(h, CURLOPT_URL, "http://10.0.0.5/x");
  curl_easy_setopt(h, CURLOPT_URL, "http://172.20.0.1/x");
  curl_easy_setopt(h, CURLOPT_URL, "http://169.254.1.1/x");
  curl_easy_setopt(h, CURLOPT_URL, "http://printer.local/x");
  curl_easy_setopt(h, CURLOPT_URL, "http://example.com/fw.bin");
  curl_easy_setopt(h, CURLOPT_URL, "http://[::1]:8080/");
  curl_easy_setopt(h, CURLOPT_USERAGENT, "see http://acme-iot.net/bot"); // not a URL option
  MQTTClient_create(c, "ssl://broker.acme-iot.net:8883", "dev", 1, NULL);
  MQTTClient_create(c, "tcp://localhost:1883", "dev", 1, NULL);
  const char *doc = "http://acme-iot.net/manual";
  puts(doc); // reaches no network sink
  if (strstr(doc, "http://"))
    puts("link");
  system("ls /tmp");
}
