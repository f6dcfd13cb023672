// Credentials set on a connection that then goes out unencrypted: a libmosquitto handle with a
// password that connects without TLS, a curl handle with a password whose URL is cleartext to a LAN
// host (a public or unknown host is net-cleartext-url's finding). TLS enabled on the handle, loopback
// brokers and handles without credentials are near-misses.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,net-cleartext-creds' %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,net-cleartext-creds' %s -- -fno-caret-diagnostics 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
#include <stddef.h>
#include <stdlib.h>
struct mosquitto;
int mosquitto_username_pw_set(struct mosquitto *m, const char *username, const char *password);
int mosquitto_tls_set(struct mosquitto *m, const char *cafile, const char *capath, const char *certfile,
                      const char *keyfile, int (*pw_callback)(char *, int, int, void *));
int mosquitto_connect(struct mosquitto *m, const char *host, int port, int keepalive);
int mosquitto_connect_async(struct mosquitto *m, const char *host, int port, int keepalive);
typedef void CURL;
typedef enum { CURLOPT_URL = 10002, CURLOPT_USERPWD = 10005, CURLOPT_PASSWORD = 10174, CURLOPT_USE_SSL = 119 } CURLoption;
enum { CURLUSESSL_NONE, CURLUSESSL_TRY, CURLUSESSL_CONTROL, CURLUSESSL_ALL };
int curl_easy_setopt(CURL *h, CURLoption opt, ...);
#define MQTT_PORT 1883

int uplink(struct mosquitto *m, const char *pw) {
  mosquitto_username_pw_set(m, "meshdev", pw);
  // CHECK: [[@LINE+1]]:10: warning: mosquitto_connect() sends the credentials set by mosquitto_username_pw_set() on line [[#@LINE-1]] to broker.acme-iot.net:1883 without TLS: anyone on the path can read the password [cra-net-cleartext-creds]
  return mosquitto_connect(m, "broker.acme-iot.net", MQTT_PORT, 60);
}
int uplink_8883(struct mosquitto *m, const char *pw) {
  mosquitto_username_pw_set(m, "meshdev", pw);
  // CHECK: [[@LINE+1]]:10: warning: mosquitto_connect_async() sends {{.*}}:8883 without TLS (the TLS port alone does not enable TLS){{.*}} [cra-net-cleartext-creds]
  return mosquitto_connect_async(m, "broker.acme-iot.net", 8883, 60);
}
struct app { struct mosquitto *mq; };
void app_login(struct app *a) { mosquitto_username_pw_set(a->mq, "gw", getenv("MQ_PW")); }
int app_start(struct app *a) {
  // CHECK: [[@LINE+1]]:10: warning: mosquitto_connect() sends the credentials set by mosquitto_username_pw_set() on line {{[0-9]+}} to 198.51.100.20:1883 without TLS{{.*}} [cra-net-cleartext-creds]
  return mosquitto_connect(a->mq, "198.51.100.20", 1883, 30);
}
int lan_upload(CURL *h, const char *userpwd) {
  curl_easy_setopt(h, CURLOPT_URL, "ftp://192.168.10.2/incoming/cfg.tgz");
  // CHECK: [[@LINE+1]]:10: warning: curl_easy_setopt() sets credentials on a handle whose URL (line [[#@LINE-1]]) is ftp://192.168.10.2: they cross the local network in cleartext [cra-net-cleartext-creds]
  return curl_easy_setopt(h, CURLOPT_USERPWD, userpwd);
}

// Near-misses.
int uplink_tls(struct mosquitto *t, const char *pw) {
  mosquitto_username_pw_set(t, "meshdev", pw);
  mosquitto_tls_set(t, "/etc/ssl/ca.pem", NULL, NULL, NULL, NULL);
  return mosquitto_connect(t, "broker.acme-iot.net", 8883, 60);
}
int uplink_anon(struct mosquitto *n) { return mosquitto_connect(n, "broker.acme-iot.net", 1883, 60); }
int uplink_nopw(struct mosquitto *u) {
  mosquitto_username_pw_set(u, "meshdev", NULL);
  return mosquitto_connect(u, "broker.acme-iot.net", 1883, 60);
}
int uplink_local(struct mosquitto *l, const char *pw) {
  mosquitto_username_pw_set(l, "meshdev", pw);
  return mosquitto_connect(l, "127.0.0.1", 1883, 60);
}
int lan_upload_tls(CURL *c, const char *userpwd) {
  curl_easy_setopt(c, CURLOPT_URL, "ftp://192.168.10.2/incoming/cfg.tgz");
  curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
  return curl_easy_setopt(c, CURLOPT_USERPWD, userpwd);
}
int https_upload(CURL *s, const char *pw) {
  curl_easy_setopt(s, CURLOPT_URL, "https://192.168.10.2/upload");
  return curl_easy_setopt(s, CURLOPT_PASSWORD, pw);
}
int loopback_api(CURL *k, const char *pw) {
  curl_easy_setopt(k, CURLOPT_URL, "http://127.0.0.1:8080/api");
  return curl_easy_setopt(k, CURLOPT_PASSWORD, pw);
}
// A public cleartext URL: net-cleartext-url reports it, this rule does not repeat it.
int public_upload(CURL *p, const char *pw) {
  curl_easy_setopt(p, CURLOPT_URL, "http://upload.acme-iot.net/");
  return curl_easy_setopt(p, CURLOPT_PASSWORD, pw);
}
